//go:build integration

package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"github.com/PuerkitoBio/goquery"

	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/store"
)

// tempUser creates a user straight through Keycloak's admin API (not the
// portal) and deletes it when the test ends.
func tempUser(t *testing.T, prefix string, enabled bool) (id, username string) {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	username = prefix + "-" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "")
	id, err := kc.CreateUser(context.Background(), tok, realm, gocloak.User{Username: &username,
		Email: gocloak.StringP(username + "@example.org"), EmailVerified: gocloak.BoolP(true),
		FirstName: gocloak.StringP("Temp"), LastName: gocloak.StringP("User"), Enabled: &enabled})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	t.Cleanup(func() { _ = kc.DeleteUser(context.Background(), tok, realm, id) })
	if err := kc.SetPassword(context.Background(), tok, id, realm, "Original-pass-1", false); err != nil {
		t.Fatal(err)
	}
	return id, username
}

func usersShown(t *testing.T, body string) map[string]*goquery.Selection {
	t.Helper()
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	out := map[string]*goquery.Selection{}
	doc.Find("tr[data-user]").Each(func(_ int, s *goquery.Selection) { out[s.AttrOr("data-user", "")] = s })
	return out
}

func TestUsersListMatchesKeycloakSearchAndCount(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "helpdesk")
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")

	_, body := stacktest.Get(t, c, livePortalURL+"/admin/users?q=ali")
	shown := usersShown(t, body)
	if _, ok := shown["alice"]; !ok || len(shown) != 1 {
		t.Fatalf("search 'ali' shows %v, want only alice", keys(shown))
	}

	_, body = stacktest.Get(t, c, livePortalURL+"/admin/users")
	want, err := kc.GetUserCount(context.Background(), tok, realm, gocloak.GetUsersParams{})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if got := doc.Find("[data-testid=user-total]").Text(); got != strconv.Itoa(want)+" users" {
		t.Errorf("total shown %q, Keycloak counts %d", got, want)
	}
	shown = usersShown(t, body)
	if shown["admin"].Find("[data-field=admin]").AttrOr("data-value", "") != "yes" {
		t.Error("admin is not marked as an administrator")
	}
	if shown["alice"].Find("[data-field=admin]").AttrOr("data-value", "") != "no" {
		t.Error("alice is marked as an administrator")
	}
}

func TestUsersListFiltersUsersKeptOffThePlatform(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")
	_, disabled := tempUser(t, "disabled", false)

	cases := []struct {
		filter      string
		must, never []string
	}{
		{"not-platform-user", []string{"erin", disabled}, []string{"alice", "admin"}},
		{"email-unverified", []string{"dave"}, []string{"alice", "erin"}},
		{"disabled", []string{disabled}, []string{"alice", "dave"}},
	}
	for _, tc := range cases {
		_, body := stacktest.Get(t, c, livePortalURL+"/admin/users?filter="+tc.filter)
		shown := usersShown(t, body)
		for _, u := range tc.must {
			if _, ok := shown[u]; !ok {
				t.Errorf("filter %s does not show %s (shows %v)", tc.filter, u, keys(shown))
			}
		}
		for _, u := range tc.never {
			if _, ok := shown[u]; ok {
				t.Errorf("filter %s shows %s", tc.filter, u)
			}
		}
	}
}

func TestHelpdeskSetsGeneratedTemporaryPassword(t *testing.T) {
	srv := livePortal(t)
	id, username := tempUser(t, "reset", true)
	c, _, _ := login(t, "helpdesk")

	_, page := stacktest.Get(t, c, livePortalURL+"/admin/users/"+id)
	resp, body := stacktest.PostForm(t, c, livePortalURL+"/admin/users/"+id+"/password",
		url.Values{"csrf": {stacktest.FormValue(t, page, "csrf")}, "mode": {"generate"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("reset: %d, want 200", resp.StatusCode)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	pw, _ := doc.Find("[data-testid=generated-password]").Attr("value")
	if len(pw) < 12 {
		t.Fatalf("no generated password shown: %q", pw)
	}

	// Read back from Keycloak itself: the new password is accepted at the
	// login form, and Keycloak then demands a new one.
	kcPage := keycloakLoginAttempt(t, username, pw)
	if !strings.Contains(kcPage, "password-new") {
		t.Errorf("logging in with the temporary password did not lead to Keycloak's update-password form")
	}
	recs, _ := srv.Store.ListAudit(context.Background(), 50)
	var found bool
	for _, r := range recs {
		if r.Action == "user.reset_password" && r.Target == "user/"+username {
			found = r.ActorUsername == "helpdesk" && r.Outcome == store.OutcomeSuccess
			if strings.Contains(r.Detail, pw) {
				t.Error("the audit record contains the password")
			}
		}
	}
	if !found {
		t.Error("no successful audit record of the reset by helpdesk")
	}
}

func TestWeakTypedPasswordIsRefusedAndChangesNothing(t *testing.T) {
	livePortal(t)
	id, username := tempUser(t, "weak", true)
	c, _, _ := login(t, "admin")

	_, page := stacktest.Get(t, c, livePortalURL+"/admin/users/"+id)
	resp, body := stacktest.PostForm(t, c, livePortalURL+"/admin/users/"+id+"/password",
		url.Values{"csrf": {stacktest.FormValue(t, page, "csrf")}, "mode": {"typed"}, "password": {"short"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="password-error"`) {
		t.Fatalf("weak password: %d, want 422 with the message next to the field", resp.StatusCode)
	}
	// The old password still works, without a demand to change it.
	if kcPage := keycloakLoginAttempt(t, username, "Original-pass-1"); strings.Contains(kcPage, "password-new") {
		t.Error("the refused reset still changed the user's password state")
	}
}

func TestTypedStrongPasswordIsSet(t *testing.T) {
	livePortal(t)
	id, username := tempUser(t, "typed", true)
	c, _, _ := login(t, "admin")

	_, page := stacktest.Get(t, c, livePortalURL+"/admin/users/"+id)
	resp, _ := stacktest.PostForm(t, c, livePortalURL+"/admin/users/"+id+"/password",
		url.Values{"csrf": {stacktest.FormValue(t, page, "csrf")}, "mode": {"typed"},
			"password": {"Typed-by-admin-42"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("typed reset: %d, want 200", resp.StatusCode)
	}
	if kcPage := keycloakLoginAttempt(t, username, "Typed-by-admin-42"); !strings.Contains(kcPage, "password-new") {
		t.Error("the typed temporary password was not set")
	}
}

// keycloakLoginAttempt logs in to the portal's client at Keycloak and
// returns the page Keycloak shows after the password.
func keycloakLoginAttempt(t *testing.T, username, pw string) string {
	t.Helper()
	c := stacktest.Browser(t)
	_, body := stacktest.Get(t, c, livePortalURL+"/admin")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	action, _ := doc.Find("form#kc-form-login").Attr("action")
	_, page := stacktest.PostForm(t, c, action, url.Values{"username": {username}, "password": {pw}})
	return page
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
