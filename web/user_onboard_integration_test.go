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
)

func onboardForm(username string) url.Values {
	return url.Values{"username": {username}, "email": {username + "@example.org"},
		"first_name": {"Grace"}, "last_name": {"Hopper"},
		"actions": {"CONFIGURE_TOTP", "UPDATE_PASSWORD"}, "email_verified": {"on"},
		"password_mode": {"generate"}, "workspaces": {"vision", "nlp-research"}}
}

func postOnboard(t *testing.T, c *http.Client, form url.Values) (*http.Response, string) {
	t.Helper()
	_, page := stacktest.Get(t, c, livePortalURL+"/admin/users/new")
	form.Set("csrf", stacktest.FormValue(t, page, "csrf"))
	return stacktest.PostForm(t, c, livePortalURL+"/admin/users", form)
}

// userInKeycloak reads a user by exact username straight from Keycloak,
// and deletes it when the test ends.
func userInKeycloak(t *testing.T, username string) *gocloak.User {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	us, err := kc.GetUsers(context.Background(), tok, realm, gocloak.GetUsersParams{
		Username: &username, Exact: gocloak.BoolP(true)})
	if err != nil {
		t.Fatal(err)
	}
	if len(us) == 0 {
		return nil
	}
	t.Cleanup(func() { _ = kc.DeleteUser(context.Background(), tok, realm, *us[0].ID) })
	return us[0]
}

func directRealmRoles(t *testing.T, id string) []string {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	roles, err := kc.GetRealmRolesByUserID(context.Background(), tok,
		stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range roles {
		out = append(out, *r.Name)
	}
	return out
}

func uniqueName(prefix string) string {
	return prefix + "-" + strings.ReplaceAll(time.Now().Format("150405.000"), ".", "")
}

func TestOnboardCreatesAPlatformUserInOneGo(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")
	username := uniqueName("grace")

	resp, body := postOnboard(t, c, onboardForm(username))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="onboarded"`) {
		t.Fatalf("onboarding: %d, want 200 and the success notice", resp.StatusCode)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	pw := doc.Find("[data-testid=generated-password]").AttrOr("value", "")

	u := userInKeycloak(t, username)
	if u == nil {
		t.Fatal("Keycloak has no such user")
	}
	if !*u.Enabled || !*u.EmailVerified || *u.Email != username+"@example.org" {
		t.Errorf("user as stored: enabled %v, verified %v, e-mail %q", *u.Enabled, *u.EmailVerified, *u.Email)
	}
	for _, a := range []string{"CONFIGURE_TOTP", "UPDATE_PASSWORD"} {
		if !slices.Contains(*u.RequiredActions, a) {
			t.Errorf("required actions %v lack %s", *u.RequiredActions, a)
		}
	}
	if g := groupsInKeycloak(t, *u.ID); !slices.Contains(g, "pk-user") || slices.Contains(g, "pk-admin") {
		t.Errorf("groups %v, want pk-user and not pk-admin", g)
	}
	roles := directRealmRoles(t, *u.ID)
	if !slices.Contains(roles, "pk:vision") || !slices.Contains(roles, "pk:nlp-research") {
		t.Errorf("direct roles %v lack the chosen workspaces", roles)
	}
	if page := keycloakLoginAttempt(t, username, pw); stacktest.IsKeycloakLogin(page) {
		t.Error("Keycloak refused the generated temporary password")
	}
}

func TestOnboardRefusesBadInputAndWritesNothing(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")
	form := onboardForm("Bad_Name")
	form.Set("email", "alice@example.org") // taken by a demo user
	form.Set("workspaces", "no-such-workspace")
	form.Set("first_name", "Kept Input")

	resp, body := postOnboard(t, c, form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad input: %d, want 422", resp.StatusCode)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	for _, field := range []string{"username", "workspaces"} {
		if doc.Find("[data-error-for="+field+"]").Length() != 1 {
			t.Errorf("no message next to %s", field)
		}
	}
	if v := doc.Find("input[name=first_name]").AttrOr("value", ""); v != "Kept Input" {
		t.Errorf("the first name was not kept: %q", v)
	}
	if userInKeycloak(t, "bad_name") != nil {
		t.Error("Keycloak has a user although the form was refused")
	}

	form = onboardForm(uniqueName("dup"))
	form.Set("email", "alice@example.org")
	resp, body = postOnboard(t, c, form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `data-error-for="email"`) {
		t.Fatalf("taken e-mail: %d, want 422 with a message next to the e-mail", resp.StatusCode)
	}
	if userInKeycloak(t, form.Get("username")) != nil {
		t.Error("Keycloak has a user with a taken e-mail")
	}
}

func TestOnboardReportsHalfDoneWorkAndFinishes(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")
	username := uniqueName("half")

	liveDirectory.failGrants.Store(true)
	resp, body := postOnboard(t, c, onboardForm(username))
	liveDirectory.failGrants.Store(false)

	if resp.StatusCode != http.StatusBadGateway || !strings.Contains(body, `data-testid="onboard-partial"`) {
		t.Fatalf("half-done onboarding: %d, want 502 with the partial notice", resp.StatusCode)
	}
	u := userInKeycloak(t, username)
	if u == nil {
		t.Fatal("the user the page says was created is not in Keycloak")
	}
	if roles := directRealmRoles(t, *u.ID); slices.Contains(roles, "pk:vision") {
		t.Fatal("the failed step was done after all")
	}

	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	finish := url.Values{"csrf": {stacktest.FormValue(t, body, "csrf")}}
	doc.Find("[data-testid=missing] input[name=workspaces]").Each(func(_ int, s *goquery.Selection) {
		finish.Add("workspaces", s.AttrOr("value", ""))
	})
	resp, _ = stacktest.PostForm(t, c, livePortalURL+"/admin/users/"+*u.ID+"/workspaces", finish)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("finish: %d", resp.StatusCode)
	}
	roles := directRealmRoles(t, *u.ID)
	if !slices.Contains(roles, "pk:vision") || !slices.Contains(roles, "pk:nlp-research") {
		t.Errorf("after Finish the direct roles are %v", roles)
	}
}
