//go:build integration

package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/Nerzal/gocloak/v13"

	"github.com/prokube/pkadmin/internal/stacktest"
)

func TestGroupMemberIsAddedByUsernameAndRemovedWithSessionsEnded(t *testing.T) {
	livePortal(t)
	gid, name := tempGroup(t, "it-members", "pk:vision", "pk:nlp-research")
	uid, username := tempUser(t, "grp-mem", true)
	kc, tok := stacktest.KeycloakAdmin(t)
	ctx, realm := context.Background(), stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	vision, err := kc.GetRealmRole(ctx, tok, realm, "pk:vision")
	if err != nil {
		t.Fatal(err)
	}
	if err := kc.AddRealmRoleToUser(ctx, tok, realm, uid, []gocloak.Role{*vision}); err != nil {
		t.Fatal(err)
	}
	c, _, _ := login(t, "admin")

	resp, _ := postGroup(t, c, gid, "/members", url.Values{"username": {strings.ToUpper(username)}})
	if resp.StatusCode != http.StatusOK || !slices.Contains(groupsInKeycloak(t, uid), name) {
		t.Fatalf("add %s: %d; Keycloak groups %v", username, resp.StatusCode, groupsInKeycloak(t, uid))
	}
	resp, doc := postGroup(t, c, gid, "/members", url.Values{"username": {"nobody-" + username}})
	refused := doc.Find("[data-testid=member-error]").Length() == 1
	if resp.StatusCode != http.StatusUnprocessableEntity || !refused {
		t.Errorf("adding an unknown username: %d, want 422 with a message", resp.StatusCode)
	}

	// The member signs in, so there is a session to end.
	stacktest.Login(t, livePortalURL, username, "Original-pass-1")
	resp, doc = postGroup(t, c, gid, "/members/remove", url.Values{"user": {uid}, "end_sessions": {"yes"}})
	if resp.StatusCode != http.StatusOK || slices.Contains(groupsInKeycloak(t, uid), name) {
		t.Fatalf("remove: %d; Keycloak groups %v", resp.StatusCode, groupsInKeycloak(t, uid))
	}
	details := doc.Find("[data-testid=notice-details]").Text()
	if !strings.Contains(details, "No longer holds pk:nlp-research") ||
		!strings.Contains(details, "Still holds pk:vision directly") {
		t.Errorf("the notice does not say what was lost and kept: %q", details)
	}
	sessions, err := kc.GetUserSessions(ctx, tok, realm, uid)
	if err != nil || len(sessions) != 0 {
		t.Errorf("after the removal the member has %d sessions (%v), want 0", len(sessions), err)
	}
}

func TestGroupGrantsAndRevokesAWorkspaceAndAnotherRealmRole(t *testing.T) {
	livePortal(t)
	gid, _ := tempGroup(t, "it-roles")
	uid, _ := tempUser(t, "grp-role", true)
	addToGroupInKeycloak(t, uid, gid)
	c, _, _ := login(t, "admin")

	for _, role := range []string{"pk:vision", "s3:readonly"} {
		resp, _ := postGroup(t, c, gid, "/roles", url.Values{"role": {role}})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("grant %s: %d", role, resp.StatusCode)
		}
		if !slices.Contains(groupRolesInKeycloak(t, gid), role) {
			t.Fatalf("after granting %s, Keycloak shows the group's roles as %v",
				role, groupRolesInKeycloak(t, gid))
		}
	}
	resp, _ := postGroup(t, c, gid, "/roles", url.Values{"role": {"pk:no-such-workspace"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("granting an unknown role: %d, want 422", resp.StatusCode)
	}

	for _, role := range []string{"pk:vision", "s3:readonly"} {
		resp, doc := postGroup(t, c, gid, "/roles/remove", url.Values{"role": {role}, "end_sessions": {"yes"}})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("revoke %s: %d", role, resp.StatusCode)
		}
		if slices.Contains(groupRolesInKeycloak(t, gid), role) {
			t.Fatalf("after revoking %s, Keycloak still maps it to the group", role)
		}
		if got := doc.Find("[data-testid=notice-details]").Text(); !strings.Contains(got, "1 members lost it") {
			t.Errorf("revoking %s: the notice says %q, want the member who lost it", role, got)
		}
	}
	resp, _ = postGroup(t, c, gid, "/roles/remove", url.Values{"role": {"pk:vision"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("revoking a role the group does not grant: %d, want 422", resp.StatusCode)
	}
}

func TestAdminGroupShowsMembersButRefusesChangesHere(t *testing.T) {
	livePortal(t)
	adminGroup := groupByName(t, "pk-admin")
	uid, username := tempUser(t, "grp-adm", true)
	c, _, _ := login(t, "admin")

	_, body := stacktest.Get(t, c, livePortalURL+"/admin/groups/"+*adminGroup.ID)
	if !strings.Contains(body, `data-user="admin"`) || strings.Contains(body, `data-testid="add-member"`) ||
		strings.Contains(body, `data-testid="remove-member"`) {
		t.Error("the admin group's page should list the members without add or remove forms")
	}

	resp, doc := postGroup(t, c, *adminGroup.ID, "/members", url.Values{"username": {username}})
	if resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(doc.Find("[data-testid=member-error]").Text(), "user's own page") {
		t.Errorf("adding to the admin group: %d, want 422 pointing to the user's page", resp.StatusCode)
	}
	if slices.Contains(groupsInKeycloak(t, uid), "pk-admin") {
		t.Fatal("the group page made a user an administrator")
	}

	admin := userByUsername(t, "admin")
	resp, _ = postGroup(t, c, *adminGroup.ID, "/members/remove", url.Values{"user": {admin}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("removing from the admin group: %d, want 422", resp.StatusCode)
	}
	if !slices.Contains(groupsInKeycloak(t, admin), "pk-admin") {
		t.Fatal("the group page removed the demo administrator")
	}
}

// userByUsername reads a user's ID straight from Keycloak.
func userByUsername(t *testing.T, username string) string {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	us, err := kc.GetUsers(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"),
		gocloak.GetUsersParams{Username: &username, Exact: gocloak.BoolP(true)})
	if err != nil || len(us) != 1 {
		t.Fatalf("find %s: %d users (%v)", username, len(us), err)
	}
	return *us[0].ID
}
