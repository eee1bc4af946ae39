//go:build integration

package web

import (
	"context"
	"net/http"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/prokube/pkadmin/internal/stacktest"
)

// auditRow is one record as the audit page shows it.
type auditRow struct{ actor, action, target, outcome, requestID, detail string }

// auditRows opens the audit page with the filter and reads its rows.
func auditRows(t *testing.T, c *http.Client, filter url.Values) []auditRow {
	t.Helper()
	resp, body := stacktest.Get(t, c, livePortalURL+"/admin/audit?"+filter.Encode())
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("audit page with %s: %d, want 200", filter.Encode(), resp.StatusCode)
	}
	var rows []auditRow
	parseDoc(t, body).Find("[data-testid=audit] tbody tr").Each(func(_ int, s *goquery.Selection) {
		field := func(f string) string {
			return strings.TrimSpace(s.Find("[data-field=" + f + "]").Text())
		}
		rows = append(rows, auditRow{field("actor"), field("action"), field("target"),
			field("outcome"), field("request-id"), field("detail")})
	})
	return rows
}

// minute is a time as the filter's datetime-local fields send it.
func minute(t time.Time) string { return t.UTC().Format("2006-01-02T15:04") }

func TestAuditPageFiltersRecordsMadeThroughThePortal(t *testing.T) {
	livePortal(t)
	start := time.Now().UTC().Truncate(time.Minute)
	name := "audit-it-" + roleSuffix()
	admin, _, home := login(t, "admin")
	csrf := csrfFrom(t, admin, home)

	resp, _ := stacktest.PostForm(t, admin, livePortalURL+"/admin/groups",
		url.Values{"csrf": {csrf}, "name": {name}})
	if !strings.HasPrefix(resp.Request.URL.Path, "/admin/groups/") {
		t.Fatalf("creating group %s ended at %s", name, resp.Request.URL)
	}
	kc, tok := stacktest.KeycloakAdmin(t)
	t.Cleanup(func() {
		_ = kc.DeleteGroup(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"),
			path.Base(resp.Request.URL.Path))
	})
	again, _ := stacktest.PostForm(t, admin, livePortalURL+"/admin/groups",
		url.Values{"csrf": {csrf}, "name": {name}})
	if again.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("creating %s twice: %d, want 422", name, again.StatusCode)
	}
	helpdesk, _, hdHome := login(t, "helpdesk")
	refused, _ := stacktest.PostForm(t, helpdesk, livePortalURL+"/admin/groups",
		url.Values{"csrf": {csrfFrom(t, helpdesk, hdHome)}, "name": {name + "-hd"}})
	if refused.StatusCode != http.StatusForbidden {
		t.Fatalf("helpdesk creating a group: %d, want 403", refused.StatusCode)
	}

	rows := auditRows(t, admin, url.Values{"action": {"group.create"}, "target": {name}})
	if len(rows) != 2 || rows[0].outcome != "failure" || rows[1].outcome != "success" {
		t.Fatalf("records of group %s = %+v, want the failure, then the success", name, rows)
	}
	for _, r := range rows {
		if r.actor != "admin" || r.target != "group/"+name || r.requestID == "" {
			t.Errorf("record %+v, want actor admin, target group/%s and a request ID", r, name)
		}
	}
	rows = auditRows(t, admin, url.Values{"target": {name}, "outcome": {"success"}})
	if len(rows) != 1 || rows[0].detail != "created" {
		t.Errorf("successful records of %s = %+v, want the creation", name, rows)
	}
	rows = auditRows(t, admin, url.Values{"actor": {"helpdesk"}, "action": {"group.create"},
		"from": {minute(start)}})
	if len(rows) == 0 {
		t.Error("the helpdesk's refused attempt is not found by actor and action")
	}
	for _, r := range rows {
		if r.actor != "helpdesk" || r.outcome != "refused" {
			t.Errorf("filter by actor helpdesk shows %+v", r)
		}
	}
	for _, f := range []url.Values{
		{"target": {name}, "actor": {"helpdesk"}},
		{"target": {name}, "from": {minute(start.Add(time.Hour))}},
		{"target": {name}, "to": {minute(start.Add(-time.Minute))}},
	} {
		if rows := auditRows(t, admin, f); len(rows) != 0 {
			t.Errorf("filter %s shows %+v, want nothing", f.Encode(), rows)
		}
	}

	resp, body := stacktest.Get(t, admin, livePortalURL+"/admin/audit?from=yesterday")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `data-error-for="from"`) {
		t.Errorf("an unreadable start: %d, want 422 with the message at the field", resp.StatusCode)
	}
}
