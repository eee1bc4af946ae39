package offboard

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prokube/pkadmin/internal/config"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/store"
)

// defaultStepTimeout bounds one step that calls a service.
const defaultStepTimeout = 2 * time.Minute

// Engine creates and runs offboardings. Its fields are set once; it is
// safe for concurrent use.
type Engine struct {
	Store     store.RunStore
	Directory Directory
	Storage   Storage
	Cluster   Cluster
	Names     config.Names
	Settings  config.Offboard
	Log       *slog.Logger
	// Observe, when set, is called with a copy of a run after every
	// change of it, so a page can show steps completing.
	Observe func(store.Run)
	// Poll is how often the namespace wait looks (default 500ms).
	Poll time.Duration
	// StepTimeout bounds one step that calls a service (default 2m).
	StepTimeout time.Duration
	// Clock returns the time (default time.Now).
	Clock func() time.Time

	mu     sync.Mutex
	active map[string]bool
	// creating makes the check for an open run and the new run's record
	// one step, so two clicks cannot start two runs for one target.
	creating sync.Mutex
}

func (e *Engine) now() time.Time {
	if e.Clock != nil {
		return e.Clock().UTC()
	}
	return time.Now().UTC()
}

func (e *Engine) log() *slog.Logger {
	if e.Log != nil {
		return e.Log
	}
	return slog.Default()
}

func (e *Engine) namespaceWait() time.Duration {
	if e.Settings.NamespaceWait > 0 {
		return e.Settings.NamespaceWait
	}
	return config.DefaultOffboardNamespaceWait
}

func (e *Engine) stepTimeout(s step) time.Duration {
	if s.waits {
		return e.namespaceWait() + time.Minute
	}
	if e.StepTimeout > 0 {
		return e.StepTimeout
	}
	return defaultStepTimeout
}

// CreateUserRun reads the user from Keycloak and records a pending run
// to offboard them; nothing is changed yet.
func (e *Engine) CreateUserRun(ctx context.Context, userID, actor, reason string) (store.Run, error) {
	return e.createUserRun(ctx, userID, actor, reason, "")
}

func (e *Engine) createUserRun(ctx context.Context, userID, actor, reason, batch string) (store.Run, error) {
	u, err := e.Directory.GetUser(ctx, userID)
	if err != nil {
		return store.Run{}, fmt.Errorf("read the user to offboard: %w", err)
	}
	if u.Username == actor {
		return store.Run{}, ErrSelf
	}
	return e.create(ctx, UserPlan(e.Names, u, actor, reason), batch)
}

// CreateWorkspaceRun records a pending run to delete the workspace, with
// everyone who holds its role now (directly and through groups) and the
// granting groups, before anything changes.
func (e *Engine) CreateWorkspaceRun(ctx context.Context, workspace, actor, reason string) (store.Run, error) {
	h, err := e.Directory.RoleHolders(ctx, keycloak.WorkspacePrefix+workspace)
	if err != nil {
		return store.Run{}, fmt.Errorf("read the workspace's holders: %w", err)
	}
	return e.create(ctx, WorkspacePlan(e.Names, h, actor, reason), "")
}

func (e *Engine) create(ctx context.Context, p Plan, batch string) (store.Run, error) {
	body, err := p.encode()
	if err != nil {
		return store.Run{}, err
	}
	e.creating.Lock()
	defer e.creating.Unlock()
	open, err := e.Incomplete(ctx)
	if err != nil {
		return store.Run{}, err
	}
	for _, r := range open {
		if r.Kind == string(p.Kind) && r.Target == p.Target() {
			return r, &OpenRunError{Run: r}
		}
	}

	r := store.Run{ID: newID(), BatchID: batch, Kind: string(p.Kind), Target: p.Target(),
		Actor: p.Actor, Plan: body, Status: store.StatusPending, Created: e.now()}
	for _, name := range StepNames(p.Kind) {
		r.Steps = append(r.Steps, store.Step{Name: name, Status: store.StatusPending})
	}
	if err := e.Store.CreateRun(ctx, r); err != nil {
		return store.Run{}, err
	}
	e.log().Info("offboarding recorded", "run_id", r.ID, "kind", r.Kind, "target", r.Target,
		"actor", r.Actor, "batch_id", batch)
	return r, nil
}

// Run works through a run's steps from the first one not done, and
// returns when the run is done or a step failed (a *StepError). Running
// a run that is done changes nothing. Resume is the same call.
func (e *Engine) Run(ctx context.Context, runID string) error {
	return e.run(ctx, runID, nil)
}

// Resume continues a failed or interrupted run from the step that did
// not finish.
func (e *Engine) Resume(ctx context.Context, runID string) error {
	return e.run(ctx, runID, nil)
}

func (e *Engine) claim(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.active == nil {
		e.active = map[string]bool{}
	}
	if e.active[id] {
		return false
	}
	e.active[id] = true
	return true
}

func (e *Engine) isActive(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.active[id]
}

func (e *Engine) release(id string) {
	e.mu.Lock()
	delete(e.active, id)
	e.mu.Unlock()
}

// save writes the run and tells the observer.
func (e *Engine) save(ctx context.Context, r *store.Run) error {
	// The record is written even when the run's context has ended, so a
	// cancelled run never stays marked running.
	if err := e.Store.UpdateRun(context.WithoutCancel(ctx), *r); err != nil {
		return fmt.Errorf("record run %s: %w", r.ID, err)
	}
	if e.Observe != nil {
		c := *r
		c.Steps = append([]store.Step(nil), r.Steps...)
		e.Observe(c)
	}
	return nil
}

func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
