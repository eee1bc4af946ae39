package views

import (
	"net/url"
	"testing"
	"time"

	"github.com/prokube/pkadmin/internal/store"
)

func TestAuditRowsShowEveryFieldAndPagesKeepTheFilter(t *testing.T) {
	l := AuditLog{Filter: AuditFilter{Actor: "admin", Outcome: "failure", From: "2026-12-01T00:00"},
		Records: []store.AuditRecord{{ID: 7, Time: time.Date(2026, 12, 3, 9, 5, 0, 0, time.UTC),
			ActorUsername: "admin", Action: "archive.purge", Target: "bucket/bob-data",
			Outcome: store.OutcomeFailure, RequestID: "req-7", Detail: "refused: not confirmed"}},
		Total: 120, Page: 2, Pages: 3}
	doc := renderDoc(t, Audit(l))

	row := doc.Find("[data-testid=audit] tr[data-record=\"7\"]")
	for field, want := range map[string]string{"time": "2026-12-03 09:05:00 UTC", "actor": "admin",
		"action": "archive.purge", "target": "bucket/bob-data", "outcome": "failure",
		"request-id": "req-7", "detail": "refused: not confirmed"} {
		if got := row.Find("[data-field=" + field + "]").Text(); got != want {
			t.Errorf("%s shown as %q, want %q", field, got, want)
		}
	}
	next, _ := url.Parse(doc.Find("a[rel=next]").AttrOr("href", ""))
	q := next.Query()
	if q.Get("page") != "3" || q.Get("actor") != "admin" || q.Get("outcome") != "failure" ||
		q.Get("from") != "2026-12-01T00:00" {
		t.Errorf("next page link %s does not keep the filter", next)
	}
	if doc.Find("select#outcome option[value=failure][selected]").Length() != 1 {
		t.Error("the chosen outcome is not kept in the form")
	}
}

func TestAuditFilterErrorShowsNoRecords(t *testing.T) {
	doc := renderDoc(t, Audit(AuditLog{Filter: AuditFilter{To: "soon"},
		Errors: map[string]string{"to": "bad time"}}))
	if doc.Find("[data-error-for=to]").Text() != "bad time" {
		t.Error("the message is not next to the field")
	}
	if doc.Find("[data-testid=audit-total], [data-testid=no-records]").Length() != 0 {
		t.Error("an unreadable filter still shows a result")
	}
}
