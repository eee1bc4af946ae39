package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/prokube/pkadmin/internal/store"
)

func runAuditQueries(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("FindAuditFiltersByEveryField", func(t *testing.T) { auditFilters(t, open(t)) })
	t.Run("FindAuditPagesNewestFirstWithTotal", func(t *testing.T) { auditPaging(t, open(t)) })
	t.Run("FindAuditTimeRangeIncludesFromExcludesTo", func(t *testing.T) { auditTimeRange(t, open(t)) })
	t.Run("FindAuditTargetTextIsLiteral", func(t *testing.T) { auditLiteralTarget(t, open(t)) })
}

// auditBase is the time the sample records are spread after.
var auditBase = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)

// appendSamples appends records one minute apart, the first at auditBase.
func appendSamples(t *testing.T, s store.Store, recs ...store.AuditRecord) {
	t.Helper()
	for i, r := range recs {
		r.Time = auditBase.Add(time.Duration(i) * time.Minute)
		if r.Outcome == "" {
			r.Outcome = store.OutcomeSuccess
		}
		r.RequestID = fmt.Sprintf("req-%d", i)
		if err := s.AppendAudit(context.Background(), r); err != nil {
			t.Fatalf("AppendAudit: %v", err)
		}
	}
}

// requestIDs finds the records of the query and names them by request ID.
func requestIDs(t *testing.T, s store.Store, q store.AuditQuery) ([]string, int) {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 100
	}
	p, err := s.FindAudit(context.Background(), q)
	if err != nil {
		t.Fatalf("FindAudit(%+v): %v", q, err)
	}
	ids := make([]string, len(p.Records))
	for i, r := range p.Records {
		ids[i] = r.RequestID
	}
	return ids, p.Total
}

func assertIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: records %v, want %v", what, got, want)
	}
}

func auditFilters(t *testing.T, s store.Store) {
	appendSamples(t, s,
		store.AuditRecord{ActorUsername: "alice", Action: "user.create", Target: "user/Bob"},
		store.AuditRecord{ActorUsername: "carol", Action: "user.create", Target: "user/dave",
			Outcome: store.OutcomeFailure},
		store.AuditRecord{ActorUsername: "alice", Action: "group.create", Target: "group/bobcats",
			Outcome: store.OutcomeRefused},
		store.AuditRecord{ActorUsername: "alicia", Action: "user.create.more", Target: "user/erin"},
	)

	got, _ := requestIDs(t, s, store.AuditQuery{Actor: "alice"})
	assertIDs(t, "actor alice (exact, not alicia)", got, "req-2", "req-0")
	got, _ = requestIDs(t, s, store.AuditQuery{Action: "user.create"})
	assertIDs(t, "action user.create (exact)", got, "req-1", "req-0")
	got, _ = requestIDs(t, s, store.AuditQuery{Outcome: store.OutcomeRefused})
	assertIDs(t, "outcome refused", got, "req-2")
	got, _ = requestIDs(t, s, store.AuditQuery{Target: "BOB"})
	assertIDs(t, "target containing BOB, any case", got, "req-2", "req-0")
	got, total := requestIDs(t, s, store.AuditQuery{Actor: "alice", Action: "user.create",
		Target: "bob"})
	assertIDs(t, "every filter at once", got, "req-0")
	if total != 1 {
		t.Errorf("total of every filter at once = %d, want 1", total)
	}
	got, total = requestIDs(t, s, store.AuditQuery{Actor: "nobody"})
	if len(got) != 0 || total != 0 {
		t.Errorf("unknown actor: %v of %d, want none", got, total)
	}

	p, err := s.FindAudit(context.Background(), store.AuditQuery{Action: "group.create", Limit: 1})
	if err != nil || len(p.Records) != 1 {
		t.Fatalf("FindAudit group.create = %+v, %v", p, err)
	}
	r := p.Records[0]
	if r.ActorUsername != "alice" || r.Target != "group/bobcats" || r.ID == 0 ||
		!r.Time.Equal(auditBase.Add(2*time.Minute)) {
		t.Errorf("FindAudit lost fields: %+v", r)
	}
}

func auditPaging(t *testing.T, s store.Store) {
	var recs []store.AuditRecord
	for range 7 {
		recs = append(recs, store.AuditRecord{ActorUsername: "alice", Action: "user.update"})
	}
	appendSamples(t, s, recs...)

	got, total := requestIDs(t, s, store.AuditQuery{Limit: 3})
	assertIDs(t, "first page", got, "req-6", "req-5", "req-4")
	if total != 7 {
		t.Errorf("total = %d, want 7", total)
	}
	got, _ = requestIDs(t, s, store.AuditQuery{Limit: 3, Offset: 6})
	assertIDs(t, "last page", got, "req-0")
	got, total = requestIDs(t, s, store.AuditQuery{Limit: 3, Offset: 9})
	if len(got) != 0 || total != 7 {
		t.Errorf("past the end: %v of %d, want none of 7", got, total)
	}
	p, err := s.FindAudit(context.Background(), store.AuditQuery{Limit: -1})
	if err != nil || len(p.Records) != 0 || p.Total != 7 {
		t.Errorf("no limit: %d records of %d (%v), want only the total 7", len(p.Records), p.Total, err)
	}
}

func auditTimeRange(t *testing.T, s store.Store) {
	appendSamples(t, s, store.AuditRecord{Action: "a"}, store.AuditRecord{Action: "b"},
		store.AuditRecord{Action: "c"}, store.AuditRecord{Action: "d"})

	got, _ := requestIDs(t, s, store.AuditQuery{From: auditBase.Add(time.Minute),
		To: auditBase.Add(3 * time.Minute)})
	assertIDs(t, "minutes 1 to 3", got, "req-2", "req-1")
	got, _ = requestIDs(t, s, store.AuditQuery{From: auditBase.Add(2 * time.Minute)})
	assertIDs(t, "from minute 2", got, "req-3", "req-2")
	// A time in another zone means the same instant.
	berlin := time.FixedZone("CEST", 2*60*60)
	got, _ = requestIDs(t, s, store.AuditQuery{To: auditBase.Add(time.Minute).In(berlin)})
	assertIDs(t, "before minute 1", got, "req-0")
}

func auditLiteralTarget(t *testing.T, s store.Store) {
	appendSamples(t, s, store.AuditRecord{Action: "x", Target: "bucket/a_b"},
		store.AuditRecord{Action: "x", Target: "bucket/axb"},
		store.AuditRecord{Action: "x", Target: "bucket/100%"})

	got, _ := requestIDs(t, s, store.AuditQuery{Target: "a_b"})
	assertIDs(t, "target a_b", got, "req-0")
	got, _ = requestIDs(t, s, store.AuditQuery{Target: "%"})
	assertIDs(t, "target %", got, "req-2")
}
