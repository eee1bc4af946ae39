// Package store defines the portal's own persistent state: login
// sessions, the audit log and the runs of offboarding. Backends live in child packages (sqlite
// today); every backend must pass the suite in package storetest.
package store

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned when a record does not exist (or has expired).
var ErrNotFound = errors.New("store: not found")

// Store is everything the portal keeps for itself.
type Store interface {
	SessionStore
	AuditStore
	RunStore
	// Ping checks that the store answers.
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// Session is an opaque server-side session. The key is a digest of the
// cookie value, so a copy of the store does not hand out live cookies.
type Session struct {
	Key       string
	Data      []byte
	ExpiresAt time.Time
}

// SessionStore keeps login sessions.
type SessionStore interface {
	// PutSession creates or replaces a session.
	PutSession(ctx context.Context, s Session) error
	// GetSession returns a session that has not expired, or ErrNotFound.
	GetSession(ctx context.Context, key string) (Session, error)
	// DeleteSession removes a session; removing a missing one is no error.
	DeleteSession(ctx context.Context, key string) error
	// DeleteExpiredSessions removes sessions that expired before now and
	// says how many.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)
}

// Outcome is how an audited action ended.
type Outcome string

// Outcomes of audited actions.
const (
	OutcomeSuccess Outcome = "success"
	OutcomeFailure Outcome = "failure"
	OutcomeRefused Outcome = "refused"
)

// AuditRecord is one state-changing request or security event. It never
// holds a secret.
type AuditRecord struct {
	ID            int64
	Time          time.Time
	ActorUsername string
	ActorSubject  string
	Action        string
	Target        string
	Outcome       Outcome
	RequestID     string
	Detail        string
}

// AuditStore keeps the audit log; records are only ever appended.
type AuditStore interface {
	// AppendAudit adds a record; a zero Time means now.
	AppendAudit(ctx context.Context, r AuditRecord) error
	// ListAudit returns the newest records first, at most limit of them.
	ListAudit(ctx context.Context, limit int) ([]AuditRecord, error)
	// FindAudit returns one page of the records matching the query,
	// newest first, with how many match in all.
	FindAudit(ctx context.Context, q AuditQuery) (AuditPage, error)
}

// AuditQuery selects audit records. Every empty field matches anything.
type AuditQuery struct {
	// Actor and Action match exactly; Target matches any part, ignoring
	// case.
	Actor   string
	Action  string
	Outcome Outcome
	Target  string
	// From is inclusive and To exclusive; a zero time leaves that end open.
	From, To time.Time
	// Offset skips that many matching records; Limit bounds the page
	// (a Limit of 0 or less returns no records, only the total).
	Offset, Limit int
}

// AuditPage is one page of matching audit records and their total.
type AuditPage struct {
	Records []AuditRecord
	Total   int
}
