package offboard

import (
	"context"
	"fmt"
	"time"

	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/internal/upstream"
)

// slots bounds the runs of a batch that call services at once; a nil
// slots is no bound.
type slots chan struct{}

// hold takes a slot unless the run already has one.
func (s slots) hold(ctx context.Context, held *bool) error {
	if s == nil || *held {
		return nil
	}
	select {
	case s <- struct{}{}:
		*held = true
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s slots) free(held *bool) {
	if s != nil && *held {
		<-s
		*held = false
	}
}

func (e *Engine) run(ctx context.Context, runID string, sl slots) error {
	if !e.claim(runID) {
		return ErrRunActive
	}
	defer e.release(runID)
	r, err := e.Store.GetRun(ctx, runID)
	if err != nil {
		return err
	}
	if r.Status == store.StatusDone {
		return nil
	}
	p, err := decodePlan(r.Plan)
	if err != nil {
		return err
	}
	steps := stepsOf(p.Kind)
	if len(r.Steps) != len(steps) {
		return fmt.Errorf("run %s has %d steps recorded, this version knows %d", r.ID,
			len(r.Steps), len(steps))
	}

	r.Status, r.Finished = store.StatusRunning, time.Time{}
	if r.Started.IsZero() {
		r.Started = e.now()
	}
	if err := e.save(ctx, &r); err != nil {
		return err
	}
	held := false
	defer sl.free(&held)
	for i, s := range steps {
		if r.Steps[i].Status == store.StatusDone {
			continue
		}
		if s.waits {
			sl.free(&held)
		} else if err := sl.hold(ctx, &held); err != nil {
			return e.fail(ctx, &r, i, stepFailed(s.name, s.service, err))
		}
		if err := e.runStep(ctx, &r, i, s, p); err != nil {
			return err
		}
	}
	r.Status, r.Finished = store.StatusDone, e.now()
	if err := e.save(ctx, &r); err != nil {
		return err
	}
	e.log().Info("offboarding done", "run_id", r.ID, "kind", r.Kind, "target", r.Target)
	return nil
}

// runStep runs step i and records how it went.
func (e *Engine) runStep(ctx context.Context, r *store.Run, i int, s step, p Plan) error {
	r.Steps[i] = store.Step{Name: s.name, Status: store.StatusRunning, Started: e.now()}
	if err := e.save(ctx, r); err != nil {
		return err
	}
	sctx, cancel := context.WithTimeout(ctx, e.stepTimeout(s))
	err := s.run(sctx, e, p)
	cancel()
	if err != nil {
		return e.fail(ctx, r, i, stepFailed(s.name, s.service, err))
	}
	r.Steps[i].Status, r.Steps[i].Finished = store.StatusDone, e.now()
	return e.save(ctx, r)
}

// fail records the step's safe message and stops the run there.
func (e *Engine) fail(ctx context.Context, r *store.Run, i int, se *StepError) error {
	now := e.now()
	r.Steps[i].Status, r.Steps[i].Finished, r.Steps[i].Error = store.StatusFailed, now, se.Message
	if r.Steps[i].Started.IsZero() {
		r.Steps[i].Started = now
	}
	r.Status, r.Finished = store.StatusFailed, now
	e.log().Warn("offboarding step failed", "run_id", r.ID, "kind", r.Kind, "target", r.Target,
		"step", se.Step, "error", upstream.Describe(se.Err))
	if err := e.save(ctx, r); err != nil {
		return err
	}
	return se
}

// interruptedMessage is recorded on a step found running at start-up.
const interruptedMessage = "The portal stopped during this step; resume the run to continue."

// RecoverInterrupted marks every run found running as failed at the step
// it was in: at start-up nothing runs yet, so such a run was cut off by a
// restart. It returns the runs it marked, which can be resumed.
func (e *Engine) RecoverInterrupted(ctx context.Context) ([]store.Run, error) {
	runs, err := e.Store.ListRuns(ctx, store.RunQuery{Statuses: []store.RunStatus{store.StatusRunning},
		Limit: 1000})
	if err != nil {
		return nil, err
	}
	now := e.now()
	var out []store.Run
	for i := range runs {
		r := &runs[i]
		if e.isActive(r.ID) {
			continue
		}
		for j := range r.Steps {
			if r.Steps[j].Status == store.StatusRunning {
				r.Steps[j].Status, r.Steps[j].Finished = store.StatusFailed, now
				r.Steps[j].Error = interruptedMessage
			}
		}
		r.Status, r.Finished = store.StatusFailed, now
		if err := e.save(ctx, r); err != nil {
			return nil, err
		}
		e.log().Warn("offboarding interrupted by a restart", "run_id", r.ID, "target", r.Target)
		out = append(out, *r)
	}
	return out, nil
}

// Incomplete lists the runs that did not finish (pending, running or
// failed), newest first, for a page to offer resuming them.
func (e *Engine) Incomplete(ctx context.Context) ([]store.Run, error) {
	return e.Store.ListRuns(ctx, store.RunQuery{Limit: 1000, Statuses: []store.RunStatus{
		store.StatusPending, store.StatusRunning, store.StatusFailed}})
}

// Get returns a run with its steps, and its plan.
func (e *Engine) Get(ctx context.Context, runID string) (store.Run, Plan, error) {
	r, err := e.Store.GetRun(ctx, runID)
	if err != nil {
		return store.Run{}, Plan{}, err
	}
	p, err := decodePlan(r.Plan)
	return r, p, err
}
