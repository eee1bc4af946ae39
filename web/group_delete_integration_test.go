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
	"github.com/PuerkitoBio/goquery"

	"github.com/prokube/pkadmin/internal/stacktest"
)

func TestPlatformGroupsCannotBeDeleted(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")

	for _, name := range []string{"pk-admin", "pk-user", "pk-helpdesk"} {
		g := groupByName(t, name)
		_, body := stacktest.Get(t, c, livePortalURL+"/admin/groups/"+*g.ID+"/delete")
		protected := strings.Contains(body, `data-testid="protected"`)
		if !protected || strings.Contains(body, `data-testid="delete-group"`) {
			t.Errorf("the deletion page of %s offers to delete it", name)
		}
		resp, _ := postGroup(t, c, *g.ID, "/delete", url.Values{"confirm": {name}, "end_sessions": {"yes"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("deleting %s: %d, want 422", name, resp.StatusCode)
		}
		if groupByName(t, name) == nil {
			t.Fatalf("the portal deleted %s", name)
		}
	}
}

func TestDeletingAGroupKeepsADirectWorkspaceMappingAndThePreviewWarnsAboutIt(t *testing.T) {
	livePortal(t)
	gid, name := tempGroup(t, "it-delete", "pk:vision")
	both, bothName := tempUser(t, "grp-both", true)
	only, onlyName := tempUser(t, "grp-only", true)
	kc, tok := stacktest.KeycloakAdmin(t)
	ctx, realm := context.Background(), stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	vision, err := kc.GetRealmRole(ctx, tok, realm, "pk:vision")
	if err != nil {
		t.Fatal(err)
	}
	if err := kc.AddRealmRoleToUser(ctx, tok, realm, both, []gocloak.Role{*vision}); err != nil {
		t.Fatal(err)
	}
	addToGroupInKeycloak(t, both, gid)
	addToGroupInKeycloak(t, only, gid)
	c, _, _ := login(t, "admin")

	_, body := stacktest.Get(t, c, livePortalURL+"/admin/groups/"+gid+"/delete")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	warning := doc.Find("[data-testid=keepers] [data-user=\"" + bothName + "\"]").Text()
	if got := warning; !strings.Contains(got, "pk:vision (directly)") {
		t.Errorf("the preview does not warn that %s keeps pk:vision directly: %q", bothName, got)
	}
	row := doc.Find("[data-testid=losses] tr[data-user=\"" + onlyName + "\"]")
	if got := strings.TrimSpace(row.Find("[data-field=loses]").Text()); got != "pk:vision" {
		t.Errorf("the preview says %s loses %q, want pk:vision", onlyName, got)
	}

	resp, _ := postGroup(t, c, gid, "/delete", url.Values{"confirm": {name + "x"}, "end_sessions": {"yes"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || groupByName(t, name) == nil {
		t.Fatalf("a wrong confirmation: %d, want 422 and the group kept", resp.StatusCode)
	}

	// The member who loses the workspace signs in, so there is a session to end.
	stacktest.Login(t, livePortalURL, onlyName, "Original-pass-1")
	resp, _ = postGroup(t, c, gid, "/delete", url.Values{"confirm": {name}, "end_sessions": {"yes"}})
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/admin/groups" {
		t.Fatalf("delete: %d at %s, want 200 at the list", resp.StatusCode, resp.Request.URL.Path)
	}
	if groupByName(t, name) != nil {
		t.Fatal("after the deletion Keycloak still has the group")
	}
	if !slices.Contains(directRealmRoles(t, both), "pk:vision") {
		t.Error("the member with a direct mapping lost it with the group")
	}
	if slices.Contains(directRealmRoles(t, only), "pk:vision") || len(groupsInKeycloak(t, only)) != 0 {
		t.Error("the member who held the workspace only through the group still holds it")
	}
	if sessions, err := kc.GetUserSessions(ctx, tok, realm, only); err != nil || len(sessions) != 0 {
		t.Errorf("the member who lost the workspace has %d sessions (%v), want 0", len(sessions), err)
	}
}
