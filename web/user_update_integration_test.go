//go:build integration

package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/Nerzal/gocloak/v13"
	"github.com/PuerkitoBio/goquery"

	"github.com/prokube/pkadmin/internal/stacktest"
)

func demoUserID(t *testing.T, username string) string {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	us, err := kc.GetUsers(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"),
		gocloak.GetUsersParams{Username: &username, Exact: gocloak.BoolP(true)})
	if err != nil || len(us) != 1 {
		t.Fatalf("find %s: %v", username, err)
	}
	return *us[0].ID
}

func TestUserPageShowsHowEachWorkspaceIsHeld(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")

	_, body := stacktest.Get(t, c, livePortalURL+"/admin/users/"+demoUserID(t, "bob"))
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	vision := doc.Find("[data-testid=access] tr[data-workspace=vision]")
	if vision.Find("[data-how=direct]").Length() != 1 || !strings.Contains(vision.Text(), "team-vision") {
		t.Errorf("bob's vision access shown as %q, want directly and through team-vision", vision.Text())
	}
	dst := doc.Find("tr[data-workspace=data-science-team]")
	if dst.Find("[data-how=direct]").Length() != 1 || dst.Find("[data-how=group]").Length() != 0 {
		t.Errorf("bob's data-science-team access shown as %q, want directly only", dst.Text())
	}
	if doc.Find("tr[data-workspace=nlp-research]").Length() != 0 {
		t.Error("bob is shown with nlp-research, which he does not hold")
	}
}

func TestAdminEditsAndDisablesAUser(t *testing.T) {
	livePortal(t)
	id, _ := tempUser(t, "edit", true)
	c, _, _ := login(t, "admin")

	_, page := stacktest.Get(t, c, livePortalURL+"/admin/users/"+id)
	resp, _ := stacktest.PostForm(t, c, livePortalURL+"/admin/users/"+id, url.Values{
		"csrf": {stacktest.FormValue(t, page, "csrf")}, "first_name": {"Edited"}, "last_name": {"Name"},
		"email": {"Edited.Address@example.org"}, "email_verified": {"on"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	kc, tok := stacktest.KeycloakAdmin(t)
	u, err := kc.GetUserByID(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"), id)
	if err != nil {
		t.Fatal(err)
	}
	if *u.FirstName != "Edited" || *u.Email != "edited.address@example.org" || *u.Enabled {
		t.Errorf("Keycloak has %q %q enabled=%v, want Edited, the new address, disabled",
			*u.FirstName, *u.Email, *u.Enabled)
	}
}

func TestAdminCannotDisableOwnAccount(t *testing.T) {
	livePortal(t)
	id := demoUserID(t, "admin")
	c, _, _ := login(t, "admin")

	_, page := stacktest.Get(t, c, livePortalURL+"/admin/users/"+id)
	resp, body := stacktest.PostForm(t, c, livePortalURL+"/admin/users/"+id, url.Values{
		"csrf": {stacktest.FormValue(t, page, "csrf")}, "first_name": {"Ada"}, "last_name": {"Admin"},
		"email": {"admin@example.org"}, "email_verified": {"on"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `data-error-for="enabled"`) {
		t.Fatalf("disabling oneself: %d, want 422 with a message at the field", resp.StatusCode)
	}
	kc, tok := stacktest.KeycloakAdmin(t)
	u, _ := kc.GetUserByID(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"), id)
	if u == nil || !*u.Enabled {
		t.Fatal("the admin's account was disabled")
	}
}

func TestLogoutEverywhereEndsEveryKeycloakSession(t *testing.T) {
	livePortal(t)
	id, username := tempUser(t, "sessions", true)
	// Two logins of the user make two Keycloak sessions.
	for range 2 {
		if page := keycloakLoginAttempt(t, username, "Original-pass-1"); stacktest.IsKeycloakLogin(page) {
			t.Fatal("the user could not log in")
		}
	}
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	before, _ := kc.GetUserSessions(context.Background(), tok, realm, id)
	if len(before) < 2 {
		t.Fatalf("the user has %d sessions before, want 2", len(before))
	}
	c, _, _ := login(t, "admin")

	_, page := stacktest.Get(t, c, livePortalURL+"/admin/users/"+id)
	if !strings.Contains(page, `data-testid="logout-everywhere"`) {
		t.Fatal("no log-out-everywhere button for a user with sessions")
	}
	resp, body := stacktest.PostForm(t, c, livePortalURL+"/admin/users/"+id+"/logout",
		url.Values{"csrf": {stacktest.FormValue(t, page, "csrf")}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Every session of this user has ended.") {
		t.Fatalf("log out everywhere: %d", resp.StatusCode)
	}
	after, err := kc.GetUserSessions(context.Background(), tok, realm, id)
	if err != nil || len(after) != 0 {
		t.Fatalf("after log out everywhere the user has %d sessions (%v), want 0", len(after), err)
	}
}
