// Package sqlite is the embedded store: one SQLite file, pure Go (no cgo),
// with its schema migrations embedded and applied at open.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/prokube/pkadmin/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a store.Store backed by SQLite.
type DB struct {
	db *sql.DB
}

var _ store.Store = (*DB)(nil)

// Open opens (creating if needed) the database file at path and brings
// its schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// One writer at a time is what SQLite allows; a single connection
	// also keeps in-memory databases (tests) in one place.
	db.SetMaxOpenConns(1)
	s := &DB{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// migrate applies every embedded migration newer than the recorded version.
func (s *DB) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	var current int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&current)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}

	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for i, name := range names {
		version := i + 1
		if version <= current {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		if err := s.apply(ctx, version, string(body)); err != nil {
			return fmt.Errorf("apply %s: %w", strings.TrimPrefix(name, "migrations/"), err)
		}
	}
	return nil
}

func (s *DB) apply(ctx context.Context, version int, body string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, version); err != nil {
		return err
	}
	return tx.Commit()
}

// Ping checks that the database answers.
func (s *DB) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Close closes the database.
func (s *DB) Close() error { return s.db.Close() }

// PutSession creates or replaces a session.
func (s *DB) PutSession(ctx context.Context, se store.Session) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO sessions (key, data, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
		se.Key, se.Data, se.ExpiresAt.UTC().UnixMilli())
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return nil
}

// GetSession returns a live session or store.ErrNotFound.
func (s *DB) GetSession(ctx context.Context, key string) (store.Session, error) {
	var se store.Session
	var expires int64
	err := s.db.QueryRowContext(ctx,
		`SELECT key, data, expires_at FROM sessions WHERE key = ? AND expires_at > ?`,
		key, time.Now().UTC().UnixMilli()).Scan(&se.Key, &se.Data, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Session{}, store.ErrNotFound
	}
	if err != nil {
		return store.Session{}, fmt.Errorf("get session: %w", err)
	}
	se.ExpiresAt = time.UnixMilli(expires).UTC()
	return se, nil
}

// DeleteSession removes a session.
func (s *DB) DeleteSession(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE key = ?`, key); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions that expired before now.
func (s *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, now.UTC().UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}

// AppendAudit adds an audit record.
func (s *DB) AppendAudit(ctx context.Context, r store.AuditRecord) error {
	if r.Time.IsZero() {
		r.Time = time.Now()
	}
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO audit_log (time, actor_username, actor_subject, action, target, outcome,
			request_id, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Time.UTC().UnixMilli(), r.ActorUsername, r.ActorSubject, r.Action, r.Target,
		string(r.Outcome), r.RequestID, r.Detail)
	if err != nil {
		return fmt.Errorf("append audit record: %w", err)
	}
	return nil
}

// ListAudit returns the newest records first.
func (s *DB) ListAudit(ctx context.Context, limit int) ([]store.AuditRecord, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT id, time, actor_username, actor_subject, action, target, outcome, request_id, detail
		FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list audit records: %w", err)
	}
	defer rows.Close()
	var out []store.AuditRecord
	for rows.Next() {
		var r store.AuditRecord
		var t int64
		var outcome string
		if err := rows.Scan(&r.ID, &t, &r.ActorUsername, &r.ActorSubject, &r.Action, &r.Target,
			&outcome, &r.RequestID, &r.Detail); err != nil {
			return nil, fmt.Errorf("scan audit record: %w", err)
		}
		r.Time = time.UnixMilli(t).UTC()
		r.Outcome = store.Outcome(outcome)
		out = append(out, r)
	}
	return out, rows.Err()
}
