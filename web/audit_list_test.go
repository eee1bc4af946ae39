package web

import (
	"testing"
	"time"

	"github.com/prokube/pkadmin/views"
)

func TestAuditFilterReadsTimesInUTC(t *testing.T) {
	f := views.AuditFilter{Actor: "admin", Outcome: "refused", From: "2026-12-03T09:30",
		To: "2026-12-04"}
	q, errs := auditQuery(&f)
	if len(errs) != 0 {
		t.Fatalf("errors %v for a valid filter", errs)
	}
	if want := time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC); !q.From.Equal(want) {
		t.Errorf("from = %v, want %v", q.From, want)
	}
	if want := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC); !q.To.Equal(want) {
		t.Errorf("to = %v, want %v", q.To, want)
	}
	if q.Actor != "admin" || q.Outcome != "refused" {
		t.Errorf("query = %+v, want actor admin and outcome refused", q)
	}
}

func TestAuditFilterRefusesUnreadableOrBackwardsTimes(t *testing.T) {
	_, errs := auditQuery(&views.AuditFilter{From: "yesterday"})
	if errs["from"] == "" {
		t.Error("an unreadable start has no message")
	}
	_, errs = auditQuery(&views.AuditFilter{From: "2026-12-03T10:00", To: "2026-12-03T09:00"})
	if errs["to"] == "" {
		t.Error("an end before the start has no message")
	}
}

func TestAuditFilterTreatsUnknownOutcomeAsAny(t *testing.T) {
	f := views.AuditFilter{Outcome: "maybe"}
	q, errs := auditQuery(&f)
	if len(errs) != 0 || q.Outcome != "" || f.Outcome != "" {
		t.Errorf("outcome maybe: query %q, form %q, errors %v; want any outcome",
			q.Outcome, f.Outcome, errs)
	}
}

func TestAuditActionsAreTheStateChangingRouteNames(t *testing.T) {
	actions := offlineServer(t).auditedActions()
	has := map[string]bool{}
	for _, a := range actions {
		has[a] = true
	}
	if !has["archive.purge"] || !has["user.create"] || !has["auth.login"] || has["audit.list"] ||
		has["users.list"] {
		t.Errorf("audited actions = %v, want POST routes and sign-ins only", actions)
	}
}
