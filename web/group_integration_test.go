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

// tempGroup creates a uniquely named group in Keycloak, granting the
// realm roles, and deletes it when the test ends.
func tempGroup(t *testing.T, prefix string, roles ...string) (id, name string) {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	ctx, realm := context.Background(), stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	name = uniqueName(prefix)
	id, err := kc.CreateGroup(ctx, tok, realm, gocloak.Group{Name: &name})
	if err != nil {
		t.Fatalf("create group %s: %v", name, err)
	}
	t.Cleanup(func() { _ = kc.DeleteGroup(context.Background(), tok, realm, id) })
	var reps []gocloak.Role
	for _, r := range roles {
		rep, err := kc.GetRealmRole(ctx, tok, realm, r)
		if err != nil {
			t.Fatalf("read role %s: %v", r, err)
		}
		reps = append(reps, *rep)
	}
	if len(reps) > 0 {
		if err := kc.AddRealmRoleToGroup(ctx, tok, realm, id, reps); err != nil {
			t.Fatal(err)
		}
	}
	return id, name
}

// groupByName reads a top-level group straight from Keycloak; nil when
// there is none.
func groupByName(t *testing.T, name string) *gocloak.Group {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	gs, err := kc.GetGroups(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"),
		gocloak.GetGroupsParams{Search: &name, Exact: gocloak.BoolP(true),
			BriefRepresentation: gocloak.BoolP(false)})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		if gocloak.PString(g.Name) == name {
			return g
		}
	}
	return nil
}

// groupRolesInKeycloak reads the realm roles mapped to a group.
func groupRolesInKeycloak(t *testing.T, id string) []string {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	roles, err := kc.GetRealmRolesByGroupID(context.Background(), tok,
		stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range roles {
		out = append(out, gocloak.PString(r.Name))
	}
	return out
}

func addToGroupInKeycloak(t *testing.T, userID, groupID string) {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	if err := kc.AddUserToGroup(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"),
		userID, groupID); err != nil {
		t.Fatal(err)
	}
}

// postGroup posts a form to a path under the group's page, with the form
// token from that page, and returns the final answer.
func postGroup(t *testing.T, c *http.Client, groupID, suffix string,
	form url.Values) (*http.Response, *goquery.Document) {
	t.Helper()
	_, page := stacktest.Get(t, c, livePortalURL+"/admin/groups/"+groupID)
	form.Set("csrf", stacktest.FormValue(t, page, "csrf"))
	resp, body := stacktest.PostForm(t, c, livePortalURL+"/admin/groups/"+groupID+suffix, form)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	return resp, doc
}

func TestGroupIsCreatedWithDescriptionAndADuplicateNameIsRefused(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")
	name := uniqueName("it-create")
	_, page := stacktest.Get(t, c, livePortalURL+"/admin/groups/new")
	csrf := stacktest.FormValue(t, page, "csrf")
	form := url.Values{"csrf": {csrf}, "name": {name}, "description": {"Made by a test"}}

	resp, _ := stacktest.PostForm(t, c, livePortalURL+"/admin/groups", form)
	g := groupByName(t, name)
	if g != nil {
		kc, tok := stacktest.KeycloakAdmin(t)
		t.Cleanup(func() {
			_ = kc.DeleteGroup(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"), *g.ID)
		})
	}
	if resp.StatusCode != http.StatusOK || g == nil || resp.Request.URL.Path != "/admin/groups/"+*g.ID {
		t.Fatalf("create: %d at %s; group in Keycloak: %v", resp.StatusCode, resp.Request.URL.Path, g != nil)
	}
	if d := (*g.Attributes)["description"]; len(d) != 1 || d[0] != "Made by a test" {
		t.Errorf("description in Keycloak = %v, want [Made by a test]", d)
	}

	resp, body := stacktest.PostForm(t, c, livePortalURL+"/admin/groups", form)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find("[data-error-for=name]").Length() != 1 {
		t.Errorf("duplicate name: %d, want 422 with a message next to the name", resp.StatusCode)
	}
	if v := doc.Find("input[name=description]").AttrOr("value", ""); v != "Made by a test" {
		t.Errorf("the refused form lost the description: %q", v)
	}

	form.Set("name", name+"/sub")
	resp, _ = stacktest.PostForm(t, c, livePortalURL+"/admin/groups", form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("name with '/': %d, want 422", resp.StatusCode)
	}
	if groupByName(t, name+"/sub") != nil {
		t.Error("a group with '/' in its name was created")
	}
}

func TestGroupsListFindsAGroupByNameWithMembersAndWorkspaces(t *testing.T) {
	livePortal(t)
	gid, name := tempGroup(t, "it-list", "pk:vision", "s3:readonly")
	uid, _ := tempUser(t, "grp-list", true)
	addToGroupInKeycloak(t, uid, gid)
	c, _, _ := login(t, "admin")

	_, body := stacktest.Get(t, c, livePortalURL+"/admin/groups?q="+url.QueryEscape(name))
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	row := doc.Find("tr[data-group=\"" + name + "\"]")
	if row.Length() != 1 {
		t.Fatalf("searching %q does not list the group", name)
	}
	if got := row.Find("[data-field=members]").Text(); got != "1" {
		t.Errorf("members shown as %q, want 1", got)
	}
	if got := row.Find("[data-field=workspaces]").Text(); got != "vision" {
		t.Errorf("workspaces shown as %q, want vision", got)
	}
	if got := doc.Find("[data-testid=group-total]").Text(); got != "1 groups" {
		t.Errorf("total shown as %q, want 1 groups", got)
	}
}
