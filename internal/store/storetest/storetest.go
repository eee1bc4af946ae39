// Package storetest is the behaviour every store.Store backend must show.
// A backend's tests call Run with a function that opens an empty store.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prokube/pkadmin/internal/store"
)

// Run runs the whole suite against stores made by open.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("SessionRoundTripAndReplace", func(t *testing.T) { sessionRoundTrip(t, open(t)) })
	t.Run("ExpiredSessionIsNotFound", func(t *testing.T) { expiredSession(t, open(t)) })
	t.Run("DeletedSessionIsNotFound", func(t *testing.T) { deletedSession(t, open(t)) })
	t.Run("AuditListsNewestFirst", func(t *testing.T) { auditOrder(t, open(t)) })
	runRuns(t, open)
	runAuditQueries(t, open)
}

func sessionRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	exp := time.Now().Add(time.Hour).Truncate(time.Millisecond).UTC()
	if err := s.PutSession(ctx, store.Session{Key: "k1", Data: []byte("one"), ExpiresAt: exp}); err != nil {
		t.Fatalf("PutSession: %v", err)
	}
	if err := s.PutSession(ctx, store.Session{Key: "k1", Data: []byte("two"), ExpiresAt: exp}); err != nil {
		t.Fatalf("PutSession (replace): %v", err)
	}
	got, err := s.GetSession(ctx, "k1")
	if err != nil {
		t.Fatalf("GetSession: %v", err)
	}
	if string(got.Data) != "two" || !got.ExpiresAt.Equal(exp) {
		t.Fatalf("GetSession = %q expiring %v, want %q expiring %v", got.Data, got.ExpiresAt, "two", exp)
	}
}

func expiredSession(t *testing.T, s store.Store) {
	ctx := context.Background()
	past := time.Now().Add(-time.Second)
	if err := s.PutSession(ctx, store.Session{Key: "old", Data: []byte("x"), ExpiresAt: past}); err != nil {
		t.Fatalf("PutSession: %v", err)
	}
	if _, err := s.GetSession(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("GetSession of an expired session: err = %v, want ErrNotFound", err)
	}
	n, err := s.DeleteExpiredSessions(ctx, time.Now())
	if err != nil || n != 1 {
		t.Fatalf("DeleteExpiredSessions = %d, %v; want 1, nil", n, err)
	}
}

func deletedSession(t *testing.T, s store.Store) {
	ctx := context.Background()
	exp := time.Now().Add(time.Hour)
	if err := s.PutSession(ctx, store.Session{Key: "gone", Data: []byte("x"), ExpiresAt: exp}); err != nil {
		t.Fatalf("PutSession: %v", err)
	}
	if err := s.DeleteSession(ctx, "gone"); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	if err := s.DeleteSession(ctx, "gone"); err != nil {
		t.Fatalf("DeleteSession of a missing session: %v, want nil", err)
	}
	if _, err := s.GetSession(ctx, "gone"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("GetSession after delete: err = %v, want ErrNotFound", err)
	}
}

func auditOrder(t *testing.T, s store.Store) {
	ctx := context.Background()
	for _, action := range []string{"first", "second", "third"} {
		r := store.AuditRecord{ActorUsername: "alice", ActorSubject: "sub-1", Action: action,
			Target: "user/bob", Outcome: store.OutcomeSuccess, RequestID: "req-" + action}
		if err := s.AppendAudit(ctx, r); err != nil {
			t.Fatalf("AppendAudit(%s): %v", action, err)
		}
	}
	got, err := s.ListAudit(ctx, 2)
	if err != nil {
		t.Fatalf("ListAudit: %v", err)
	}
	if len(got) != 2 || got[0].Action != "third" || got[1].Action != "second" {
		t.Fatalf("ListAudit(2) = %+v, want third then second", got)
	}
	if got[0].ActorUsername != "alice" || got[0].Outcome != store.OutcomeSuccess ||
		got[0].RequestID != "req-third" || got[0].Time.IsZero() {
		t.Fatalf("ListAudit lost fields: %+v", got[0])
	}
}
