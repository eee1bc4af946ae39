package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prokube/pkadmin/internal/store"
)

// CreateRun records a new run with its steps, in one transaction.
func (s *DB) CreateRun(ctx context.Context, r store.Run) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create run: %w", err)
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `
		INSERT INTO offboard_runs (id, batch_id, kind, target, actor, plan, status,
			created_at, started_at, finished_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.BatchID, r.Kind, r.Target, r.Actor, nonNil(r.Plan), string(r.Status),
		millis(r.Created), millis(r.Started), millis(r.Finished))
	if err != nil {
		return fmt.Errorf("create run %s: %w", r.ID, err)
	}
	for i, st := range r.Steps {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO offboard_steps (run_id, position, name, status, started_at,
				finished_at, error)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			r.ID, i, st.Name, string(st.Status), millis(st.Started), millis(st.Finished), st.Error)
		if err != nil {
			return fmt.Errorf("create step %s of run %s: %w", st.Name, r.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create run %s: %w", r.ID, err)
	}
	return nil
}

// UpdateRun writes the run's status and times and each step's state.
func (s *DB) UpdateRun(ctx context.Context, r store.Run) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update run: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `
		UPDATE offboard_runs SET status = ?, started_at = ?, finished_at = ? WHERE id = ?`,
		string(r.Status), millis(r.Started), millis(r.Finished), r.ID)
	if err != nil {
		return fmt.Errorf("update run %s: %w", r.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("update run %s: %w", r.ID, store.ErrNotFound)
	}
	for i, st := range r.Steps {
		_, err := tx.ExecContext(ctx, `
			UPDATE offboard_steps SET status = ?, started_at = ?, finished_at = ?, error = ?
			WHERE run_id = ? AND position = ?`,
			string(st.Status), millis(st.Started), millis(st.Finished), st.Error, r.ID, i)
		if err != nil {
			return fmt.Errorf("update step %s of run %s: %w", st.Name, r.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("update run %s: %w", r.ID, err)
	}
	return nil
}

const runColumns = `id, batch_id, kind, target, actor, plan, status, created_at, started_at,
	finished_at`

// GetRun returns one run with its steps.
func (s *DB) GetRun(ctx context.Context, id string) (store.Run, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+runColumns+` FROM offboard_runs WHERE id = ?`, id)
	if err != nil {
		return store.Run{}, fmt.Errorf("get run %s: %w", id, err)
	}
	runs, err := s.scanRuns(ctx, rows)
	if err != nil {
		return store.Run{}, err
	}
	if len(runs) == 0 {
		return store.Run{}, fmt.Errorf("run %s: %w", id, store.ErrNotFound)
	}
	return runs[0], nil
}

// ListRuns returns the matching runs, newest first.
func (s *DB) ListRuns(ctx context.Context, q store.RunQuery) ([]store.Run, error) {
	var where []string
	var args []any
	if len(q.Statuses) > 0 {
		where = append(where, "status IN (?"+strings.Repeat(", ?", len(q.Statuses)-1)+")")
		for _, st := range q.Statuses {
			args = append(args, string(st))
		}
	}
	if q.BatchID != "" {
		where = append(where, "batch_id = ?")
		args = append(args, q.BatchID)
	}
	query := `SELECT ` + runColumns + ` FROM offboard_runs`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	query += " ORDER BY created_at DESC, rowid DESC LIMIT ?"
	rows, err := s.db.QueryContext(ctx, query, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	return s.scanRuns(ctx, rows)
}

// scanRuns reads the runs of rows, then their steps. The rows are closed
// before the steps are read: the store has a single connection.
func (s *DB) scanRuns(ctx context.Context, rows *sql.Rows) ([]store.Run, error) {
	var out []store.Run
	for rows.Next() {
		var r store.Run
		var status string
		var created, started, finished int64
		if err := rows.Scan(&r.ID, &r.BatchID, &r.Kind, &r.Target, &r.Actor, &r.Plan, &status,
			&created, &started, &finished); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan run: %w", err)
		}
		r.Status = store.RunStatus(status)
		r.Created, r.Started = fromMillis(created), fromMillis(started)
		r.Finished = fromMillis(finished)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, fmt.Errorf("list runs: %w", err)
	}
	rows.Close()
	for i := range out {
		steps, err := s.steps(ctx, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Steps = steps
	}
	return out, nil
}

func (s *DB) steps(ctx context.Context, runID string) ([]store.Step, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT name, status, started_at, finished_at, error FROM offboard_steps
		WHERE run_id = ? ORDER BY position`, runID)
	if err != nil {
		return nil, fmt.Errorf("steps of run %s: %w", runID, err)
	}
	defer rows.Close()
	var out []store.Step
	for rows.Next() {
		var st store.Step
		var status string
		var started, finished int64
		if err := rows.Scan(&st.Name, &status, &started, &finished, &st.Error); err != nil {
			return nil, fmt.Errorf("scan step: %w", err)
		}
		st.Status = store.RunStatus(status)
		st.Started, st.Finished = fromMillis(started), fromMillis(finished)
		out = append(out, st)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("steps of run %s: %w", runID, err)
	}
	return out, nil
}

// millis stores a time as Unix milliseconds; the zero time is 0.
func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UTC().UnixMilli()
}

func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
