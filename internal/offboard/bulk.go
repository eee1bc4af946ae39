package offboard

import (
	"context"
	"errors"
	"sync"

	"github.com/prokube/pkadmin/internal/config"
	"github.com/prokube/pkadmin/internal/store"
)

// BatchEntry is one user of a bulk offboarding: their run, or why none
// could be recorded.
type BatchEntry struct {
	UserID string
	RunID  string
	Err    error
}

func (e *Engine) concurrency() int {
	if e.Settings.Concurrency > 0 {
		return e.Settings.Concurrency
	}
	return config.DefaultOffboardConcurrency
}

// CreateBatch records one pending run per user, all sharing a new batch
// ID. A user who cannot be read gets an entry with the error and no run;
// the others are recorded all the same.
func (e *Engine) CreateBatch(ctx context.Context, userIDs []string,
	actor, reason string) (string, []BatchEntry) {
	batch := newID()
	out := make([]BatchEntry, len(userIDs))
	sem := make(chan struct{}, e.concurrency())
	var wg sync.WaitGroup
	for i, id := range userIDs {
		out[i].UserID = id
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			r, err := e.createUserRun(ctx, id, actor, reason, batch)
			out[i].RunID, out[i].Err = r.ID, err
		})
	}
	wg.Wait()
	return batch, out
}

// RunBatch runs every unfinished run of the batch, each on its own, with
// at most Settings.Concurrency of them calling services at once. Waiting
// for a namespace to go does not hold a place, since it only reads. It
// returns when every run has ended, with the failures joined.
func (e *Engine) RunBatch(ctx context.Context, batchID string) error {
	runs, err := e.Store.ListRuns(ctx, store.RunQuery{BatchID: batchID, Limit: 100_000})
	if err != nil {
		return err
	}
	sl := make(slots, e.concurrency())
	errs := make([]error, len(runs))
	var wg sync.WaitGroup
	// Oldest first, so the users are worked on in the order they came.
	for i := len(runs) - 1; i >= 0; i-- {
		if runs[i].Status == store.StatusDone {
			continue
		}
		wg.Go(func() { errs[i] = e.run(ctx, runs[i].ID, sl) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// OffboardUsers records a batch for the users and runs it to the end.
func (e *Engine) OffboardUsers(ctx context.Context, userIDs []string,
	actor, reason string) (string, []BatchEntry, error) {
	batch, entries := e.CreateBatch(ctx, userIDs, actor, reason)
	return batch, entries, e.RunBatch(ctx, batch)
}

// OffboardUser records a run for the user and runs it to the end.
func (e *Engine) OffboardUser(ctx context.Context, userID, actor, reason string) (store.Run, error) {
	r, err := e.CreateUserRun(ctx, userID, actor, reason)
	if err != nil {
		return store.Run{}, err
	}
	return r, e.Run(ctx, r.ID)
}

// DeleteWorkspace records a run for the workspace and runs it to the end.
func (e *Engine) DeleteWorkspace(ctx context.Context, workspace, actor, reason string) (store.Run, error) {
	r, err := e.CreateWorkspaceRun(ctx, workspace, actor, reason)
	if err != nil {
		return store.Run{}, err
	}
	return r, e.Run(ctx, r.ID)
}
