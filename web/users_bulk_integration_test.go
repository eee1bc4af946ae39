//go:build integration

package web

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/prokube/pkadmin/internal/stacktest"
)

func postBulk(t *testing.T, c *http.Client, form url.Values) *http.Response {
	t.Helper()
	_, page := stacktest.Get(t, c, livePortalURL+"/admin/users")
	form.Set("csrf", stacktest.FormValue(t, page, "csrf"))
	resp, _ := stacktest.PostForm(t, c, livePortalURL+"/admin/users/bulk", form)
	return resp
}

func TestBulkGrantsAndRevokesWorkspacesAndGroups(t *testing.T) {
	livePortal(t)
	a, _ := tempUser(t, "bulk-a", true)
	b, _ := tempUser(t, "bulk-b", true)
	c, _, _ := login(t, "admin")
	users := []string{a, b}

	steps := []struct {
		form  url.Values
		check func(id string) bool
	}{
		{url.Values{"op": {"add-workspace"}, "workspace": {"vision"}},
			func(id string) bool { return slices.Contains(directRealmRoles(t, id), "pk:vision") }},
		{url.Values{"op": {"remove-workspace"}, "workspace": {"vision"}, "end_sessions": {"yes"}},
			func(id string) bool { return !slices.Contains(directRealmRoles(t, id), "pk:vision") }},
		{url.Values{"op": {"add-group"}, "group": {"team-nlp"}},
			func(id string) bool { return slices.Contains(groupsInKeycloak(t, id), "team-nlp") }},
		{url.Values{"op": {"remove-group"}, "group": {"team-nlp"}},
			func(id string) bool { return !slices.Contains(groupsInKeycloak(t, id), "team-nlp") }},
	}
	for _, st := range steps {
		st.form["user"] = users
		if resp := postBulk(t, c, st.form); resp.StatusCode != http.StatusOK {
			t.Fatalf("bulk %s: %d", st.form.Get("op"), resp.StatusCode)
		}
		for _, id := range users {
			if !st.check(id) {
				t.Errorf("after bulk %s, Keycloak does not show the change for %s", st.form.Get("op"), id)
			}
		}
	}
}

func TestBulkRefusesTheAdminGroupAndEmptySelections(t *testing.T) {
	livePortal(t)
	a, _ := tempUser(t, "bulk-adm", true)
	c, _, _ := login(t, "admin")

	resp := postBulk(t, c, url.Values{"op": {"add-group"}, "group": {"pk-admin"}, "user": {a}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bulk add to pk-admin: %d, want 422", resp.StatusCode)
	}
	if slices.Contains(groupsInKeycloak(t, a), "pk-admin") {
		t.Fatal("bulk made a user an administrator")
	}
	if resp := postBulk(t, c, url.Values{"op": {"add-group"}, "group": {"team-nlp"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bulk without users: %d, want 422", resp.StatusCode)
	}
}
