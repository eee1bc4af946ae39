package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/prokube/pkadmin/internal/store"
)

// FindAudit returns one page of the matching audit records, newest first,
// and how many match in all.
func (s *DB) FindAudit(ctx context.Context, q store.AuditQuery) (store.AuditPage, error) {
	where, args := auditWhere(q)

	var page store.AuditPage
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+where, args...).
		Scan(&page.Total)
	if err != nil {
		return store.AuditPage{}, fmt.Errorf("count audit records: %w", err)
	}
	if q.Limit <= 0 || page.Total == 0 {
		return page, nil
	}

	rows, err := s.db.QueryContext(ctx, `
		SELECT id, time, actor_username, actor_subject, action, target, outcome, request_id, detail
		FROM audit_log`+where+` ORDER BY time DESC, id DESC LIMIT ? OFFSET ?`,
		append(args, q.Limit, max(q.Offset, 0))...)
	if err != nil {
		return store.AuditPage{}, fmt.Errorf("find audit records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return store.AuditPage{}, err
		}
		page.Records = append(page.Records, r)
	}
	if err := rows.Err(); err != nil {
		return store.AuditPage{}, fmt.Errorf("find audit records: %w", err)
	}
	return page, nil
}

// auditWhere turns the query's filters into a WHERE clause and its
// arguments. The target is matched with instr rather than LIKE, so that
// '%' and '_' in the typed text mean themselves; SQLite's lower folds
// ASCII letters only.
func auditWhere(q store.AuditQuery) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if q.Actor != "" {
		add("actor_username = ?", q.Actor)
	}
	if q.Action != "" {
		add("action = ?", q.Action)
	}
	if q.Outcome != "" {
		add("outcome = ?", string(q.Outcome))
	}
	if q.Target != "" {
		add("instr(lower(target), lower(?)) > 0", q.Target)
	}
	if !q.From.IsZero() {
		add("time >= ?", q.From.UTC().UnixMilli())
	}
	if !q.To.IsZero() {
		add("time < ?", q.To.UTC().UnixMilli())
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// scanAudit reads one audit_log row selected with every column in order.
func scanAudit(rows *sql.Rows) (store.AuditRecord, error) {
	var r store.AuditRecord
	var t int64
	var outcome string
	if err := rows.Scan(&r.ID, &t, &r.ActorUsername, &r.ActorSubject, &r.Action, &r.Target,
		&outcome, &r.RequestID, &r.Detail); err != nil {
		return store.AuditRecord{}, fmt.Errorf("scan audit record: %w", err)
	}
	r.Time = time.UnixMilli(t).UTC()
	r.Outcome = store.Outcome(outcome)
	return r, nil
}
