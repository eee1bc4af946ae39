//go:build integration

package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/prokube/pkadmin/internal/stacktest"
)

// groupsInKeycloak reads a user's group names straight from Keycloak.
func groupsInKeycloak(t *testing.T, id string) []string {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	gs, err := kc.GetUserGroups(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"), id,
		gocloak.GetGroupsParams{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range gs {
		out = append(out, gocloak.PString(g.Name))
	}
	return out
}

func postAdmin(t *testing.T, c *http.Client, id string, form url.Values) *http.Response {
	t.Helper()
	_, page := stacktest.Get(t, c, livePortalURL+"/admin/users/"+id)
	form.Set("csrf", stacktest.FormValue(t, page, "csrf"))
	resp, _ := stacktest.PostForm(t, c, livePortalURL+"/admin/users/"+id+"/admin", form)
	return resp
}

func TestAdminRightsNeedConfirmation(t *testing.T) {
	livePortal(t)
	id, _ := tempUser(t, "noconfirm", true)
	c, _, _ := login(t, "admin")

	resp := postAdmin(t, c, id, url.Values{"grant": {"true"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("grant without confirmation: %d, want 422", resp.StatusCode)
	}
	if slices.Contains(groupsInKeycloak(t, id), "pk-admin") {
		t.Fatal("the unconfirmed grant changed Keycloak")
	}
}

func TestGrantThenRevokeAdminRightsEndsSessions(t *testing.T) {
	livePortal(t)
	id, username := tempUser(t, "promote", true)
	c, _, _ := login(t, "admin")

	if resp := postAdmin(t, c, id, url.Values{"grant": {"true"}, "confirm": {"yes"}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("grant: %d", resp.StatusCode)
	}
	if !slices.Contains(groupsInKeycloak(t, id), "pk-admin") {
		t.Fatal("after the grant, Keycloak does not have the user in pk-admin")
	}

	// The new admin logs in, so there is a session to end.
	newAdmin, resp, _ := stacktest.Login(t, livePortalURL, username, "Original-pass-1")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the new admin's dashboard: %d", resp.StatusCode)
	}

	resp = postAdmin(t, c, id, url.Values{"grant": {"false"}, "confirm": {"yes"}, "end_sessions": {"yes"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if slices.Contains(groupsInKeycloak(t, id), "pk-admin") {
		t.Fatal("after the revocation, Keycloak still has the user in pk-admin")
	}
	kc, tok := stacktest.KeycloakAdmin(t)
	sessions, err := kc.GetUserSessions(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"), id)
	if err != nil || len(sessions) != 0 {
		t.Fatalf("after the revocation the user has %d sessions (%v), want 0", len(sessions), err)
	}
	// Their open portal session is gone at the next access check, which
	// comes within the recheck interval (one second here).
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, body := stacktest.Get(t, newAdmin, livePortalURL+"/admin")
		if stacktest.IsKeycloakLogin(body) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the revoked admin's portal session still answers %d after 10s", resp.StatusCode)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func TestAdminCannotRevokeOwnRights(t *testing.T) {
	livePortal(t)
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	users, err := kc.GetUsers(context.Background(), tok, realm, gocloak.GetUsersParams{
		Username: gocloak.StringP("admin"), Exact: gocloak.BoolP(true)})
	if err != nil || len(users) != 1 {
		t.Fatalf("find admin: %v", err)
	}
	id := *users[0].ID
	c, _, _ := login(t, "admin")

	resp := postAdmin(t, c, id, url.Values{"grant": {"false"}, "confirm": {"yes"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("own revocation: %d, want 422", resp.StatusCode)
	}
	if !slices.Contains(groupsInKeycloak(t, id), "pk-admin") {
		t.Fatal("the admin lost their own rights")
	}
}
