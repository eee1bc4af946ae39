//go:build integration

package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"github.com/PuerkitoBio/goquery"

	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/store"
)

// runWait bounds how long a test waits for a run to end; deleting a
// namespace takes the garbage collector a while.
const runWait = 3 * time.Minute

// seedOffboardUser seeds a user of the test's own, with a role binding in
// a namespace of the test's own, and removes what remains at the end.
func seedOffboardUser(t *testing.T, sd *stacktest.Seeder, prefix string) stacktest.SeededUser {
	t.Helper()
	ctx := context.Background()
	ws := stacktest.Unique(prefix + "ws")
	sd.CleanupUser(t, stacktest.SeededUser{Username: ws})
	if err := sd.Profile(ctx, ws, "admin@example.org"); err != nil {
		t.Fatal(err)
	}
	u, err := sd.User(ctx, stacktest.Unique(prefix), ws)
	sd.CleanupUser(t, u)
	if err != nil {
		t.Fatalf("seed user: %v", err)
	}
	return u
}

func docOf(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// waitForRun reloads the run's page, as a person would without the
// script, until the run is done; a failed run fails the test with the
// step's message.
func waitForRun(t *testing.T, c *http.Client, runURL string) *goquery.Document {
	t.Helper()
	deadline := time.Now().Add(runWait)
	for {
		resp, body := stacktest.Get(t, c, runURL)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("run page %s: %d", runURL, resp.StatusCode)
		}
		doc := docOf(t, body)
		switch doc.Find("[data-testid=run-status]").AttrOr("data-value", "") {
		case string(store.StatusDone):
			return doc
		case string(store.StatusFailed):
			t.Fatalf("the run failed: %s", doc.Find("[data-testid=failure]").Text())
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run did not end within %s: %s", runWait,
				doc.Find("[data-testid=steps]").Text())
		}
		time.Sleep(time.Second)
	}
}

func everyStepDone(t *testing.T, doc *goquery.Document) {
	t.Helper()
	doc.Find("tr[data-step]").Each(func(_ int, s *goquery.Selection) {
		if s.AttrOr("data-status", "") != "done" {
			t.Errorf("step %s is %s, want done", s.AttrOr("data-step", ""), s.AttrOr("data-status", ""))
		}
	})
}

func TestDeletingAUserThroughThePortalArchivesBucketsAndRemovesEveryWayIn(t *testing.T) {
	srv := livePortal(t)
	sd := stacktest.NewSeeder(t)
	u := seedOffboardUser(t, sd, "pdel")
	c, _, _ := login(t, "admin")
	previewURL := livePortalURL + "/admin/users/" + u.ID + "/delete"

	resp, body := stacktest.Get(t, c, previewURL)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d", resp.StatusCode)
	}
	doc := docOf(t, body)
	if doc.Find("[data-access-key='"+u.AccessKey+"']").Length() != 1 {
		t.Errorf("the preview does not show access key %s: %s", u.AccessKey,
			doc.Find("[data-testid=access-keys]").Text())
	}
	for _, b := range u.Buckets {
		row := doc.Find("tr[data-bucket='" + b + "']")
		objects, vers := row.Find("[data-field=objects]").Text(), row.Find("[data-field=versions]").Text()
		if objects != "2" || vers != "3" {
			t.Errorf("the preview shows bucket %s with %s objects in %s versions, want 2 in 3",
				b, objects, vers)
		}
	}
	if doc.Find("[data-testid=profile][data-profile='"+u.Username+"'] [data-field=profile]").
		AttrOr("data-value", "") != "true" {
		t.Error("the preview does not show the user's Profile")
	}
	if doc.Find("[data-binding='"+u.Binding.Name+"']").Length() != 1 {
		t.Error("the preview does not show the user's role binding")
	}
	if strings.Contains(body, u.SecretKey) {
		t.Fatal("the preview shows the access key's secret")
	}

	csrf := stacktest.FormValue(t, body, "csrf")
	resp, _ = stacktest.PostForm(t, c, previewURL, url.Values{"csrf": {csrf}, "confirm": {"wrong"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !userEnabled(t, sd, u.ID) {
		t.Fatalf("a wrong confirmation: %d; want 422 and the user untouched", resp.StatusCode)
	}

	resp, _ = stacktest.PostForm(t, c, previewURL, url.Values{"csrf": {csrf},
		"confirm": {u.Username}, "reason": {"left the company"}})
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Request.URL.Path, "/admin/runs/") {
		t.Fatalf("deletion ended at %d %s, want the run's page", resp.StatusCode, resp.Request.URL)
	}
	everyStepDone(t, waitForRun(t, c, resp.Request.URL.String()))
	checkUserGone(t, sd, u, "left the company")
	if !hasAudit(t, srv, "user.delete", store.OutcomeSuccess, "admin") {
		t.Error("no audit record of the deletion")
	}
}

func TestAdministratorCannotDeleteTheirOwnAccount(t *testing.T) {
	livePortal(t)
	sd := stacktest.NewSeeder(t)
	c, _, _ := login(t, "admin")
	ctx := context.Background()
	tok, err := sd.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found, err := sd.KC.GetUsers(ctx, tok, sd.Realm, gocloak.GetUsersParams{
		Username: gocloak.StringP("admin"), Exact: gocloak.BoolP(true)})
	if err != nil || len(found) != 1 {
		t.Fatalf("find the admin user: %v", err)
	}
	id := gocloak.PString(found[0].ID)
	u := livePortalURL + "/admin/users/" + id + "/delete"

	_, body := stacktest.Get(t, c, u)
	doc := docOf(t, body)
	if doc.Find("[data-testid=refusal]").Length() != 1 ||
		doc.Find("[data-testid=delete-user]").Length() != 0 {
		t.Error("one's own deletion page offers to delete")
	}
	resp, _ := stacktest.PostForm(t, c, u, url.Values{"csrf": {stacktest.FormValue(t, body, "csrf")},
		"confirm": {"admin"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !userEnabled(t, sd, id) {
		t.Fatalf("deleting oneself: %d; want 422 and the account untouched", resp.StatusCode)
	}
}

func TestDeletingAWorkspaceThroughThePortalTakesTheRoleAndArchivesItsBuckets(t *testing.T) {
	srv := livePortal(t)
	sd := stacktest.NewSeeder(t)
	ctx := context.Background()
	w, err := sd.Workspace(ctx, stacktest.Unique("pws"))
	sd.CleanupWorkspace(t, w)
	if err != nil {
		t.Fatalf("seed workspace: %v", err)
	}
	c, _, _ := login(t, "admin")
	previewURL := livePortalURL + "/admin/workspaces/" + w.Name + "/delete"

	_, body := stacktest.Get(t, c, previewURL)
	doc := docOf(t, body)
	for _, who := range []string{w.Direct.Username, w.Member.Username} {
		if doc.Find("[data-testid=members] [data-member='"+who+"']").Length() != 1 {
			t.Errorf("the preview does not name %s as losing access", who)
		}
	}
	if doc.Find("[data-testid=groups] [data-group='"+w.GroupName+"']").Length() != 1 {
		t.Errorf("the preview does not name group %s", w.GroupName)
	}
	versions := doc.Find("tr[data-bucket='" + w.Buckets[0] + "'] [data-field=versions]")
	if got := versions.Text(); got != "3" {
		t.Errorf("the preview shows %q versions in %s, want 3", got, w.Buckets[0])
	}

	csrf := stacktest.FormValue(t, body, "csrf")
	resp, _ := stacktest.PostForm(t, c, previewURL, url.Values{"csrf": {csrf}, "confirm": {"nope"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a wrong confirmation: %d, want 422", resp.StatusCode)
	}
	tok, _ := sd.Token(ctx)
	if _, err := sd.KC.GetRealmRole(ctx, tok, sd.Realm, w.Role); err != nil {
		t.Fatalf("after a refused deletion the role is gone: %v", err)
	}

	resp, _ = stacktest.PostForm(t, c, previewURL, url.Values{"csrf": {csrf}, "confirm": {w.Name},
		"reason": {"project ended"}})
	if !strings.HasPrefix(resp.Request.URL.Path, "/admin/runs/") {
		t.Fatalf("deletion ended at %d %s, want the run's page", resp.StatusCode, resp.Request.URL)
	}
	everyStepDone(t, waitForRun(t, c, resp.Request.URL.String()))

	tok, _ = sd.Token(ctx)
	if _, err := sd.KC.GetRealmRole(ctx, tok, sd.Realm, w.Role); err == nil {
		t.Errorf("role %s is still there", w.Role)
	}
	roles, err := sd.KC.GetRealmRolesByGroupID(ctx, tok, sd.Realm, w.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(roles, func(r *gocloak.Role) bool {
		return gocloak.PString(r.Name) == w.Role
	}) {
		t.Errorf("group %s still grants %s", w.GroupName, w.Role)
	}
	for _, b := range w.Buckets {
		checkArchived(t, sd, b, w.Name, "workspace", "project ended")
	}
	for _, p := range sd.Names.WorkspacePolicyNames(w.Name) {
		if _, err := sd.Root.Admin.InfoCannedPolicyV2(ctx, p); err == nil {
			t.Errorf("policy %s is still in MinIO", p)
		}
	}
	profileGone(t, sd, w.Name)
	if !hasAudit(t, srv, "workspace.delete", store.OutcomeSuccess, "admin") {
		t.Error("no audit record of the deletion")
	}
}
