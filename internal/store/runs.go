package store

import (
	"context"
	"time"
)

// RunStatus is where a run of offboarding, or one of its steps, stands.
type RunStatus string

// Statuses of runs and steps.
const (
	StatusPending RunStatus = "pending"
	StatusRunning RunStatus = "running"
	StatusFailed  RunStatus = "failed"
	StatusDone    RunStatus = "done"
)

// Run is one offboarding of a user or a workspace: what it needs to know
// (Plan, recorded when the run is created) and how far it got.
type Run struct {
	ID string
	// BatchID is shared by the runs of one bulk offboarding; empty for a
	// run of its own.
	BatchID string
	// Kind is "user" or "workspace".
	Kind string
	// Target names what is offboarded (a username or a workspace).
	Target string
	// Actor is the username of the administrator who started the run.
	Actor string
	// Plan is the offboarding package's own record of the target, opaque
	// to the store.
	Plan     []byte
	Status   RunStatus
	Created  time.Time
	Started  time.Time
	Finished time.Time
	Steps    []Step
}

// Step is one named step of a run. Error is a message safe to show to
// a person; it never holds an upstream body or a secret.
type Step struct {
	Name     string
	Status   RunStatus
	Started  time.Time
	Finished time.Time
	Error    string
}

// RunQuery selects runs; empty fields select everything.
type RunQuery struct {
	Statuses []RunStatus
	BatchID  string
	// Limit bounds the runs returned; 0 means 100.
	Limit int
}

// RunStore keeps the runs of offboarding and their steps.
type RunStore interface {
	// CreateRun records a new run with its steps; an existing ID is an
	// error.
	CreateRun(ctx context.Context, r Run) error
	// UpdateRun writes a run's status, times and every step's state; the
	// plan and the list of steps stay as created. A missing run is
	// ErrNotFound.
	UpdateRun(ctx context.Context, r Run) error
	// GetRun returns a run with its steps in order, or ErrNotFound.
	GetRun(ctx context.Context, id string) (Run, error)
	// ListRuns returns the runs that match, newest first, with their steps.
	ListRuns(ctx context.Context, q RunQuery) ([]Run, error)
}
