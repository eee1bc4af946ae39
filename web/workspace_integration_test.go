//go:build integration

package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"github.com/PuerkitoBio/goquery"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/store"
)

var wsCounter atomic.Int32

// wsName is a workspace name unique to this run, and a DNS-1123 label.
func wsName(prefix string) string {
	return prefix + "-" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "") +
		"-" + string(rune('a'+wsCounter.Add(1)%26))
}

// wsRoleInKeycloak reads the workspace's role straight from Keycloak; nil
// when there is none.
func wsRoleInKeycloak(t *testing.T, workspace string) *gocloak.Role {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	r, err := kc.GetRealmRole(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"),
		"pk:"+workspace)
	if err != nil {
		if strings.Contains(err.Error(), "404") {
			return nil
		}
		t.Fatal(err)
	}
	return r
}

// deleteWorkspaceRoleLater removes the workspace's role when the test
// ends, whoever created it.
func deleteWorkspaceRoleLater(t *testing.T, workspace string) {
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	t.Cleanup(func() { _ = kc.DeleteRealmRole(context.Background(), tok, realm, "pk:"+workspace) })
}

// wsSetup creates a workspace directly in Keycloak, with a group that
// grants it; the test maps users and adds members itself.
type wsSetup struct {
	name    string
	role    gocloak.Role
	groupID string
	group   string
}

func newWorkspaceInKeycloak(t *testing.T, prefix string) wsSetup {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	ctx, realm := context.Background(), stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	w := wsSetup{name: wsName(prefix)}
	roleName := "pk:" + w.name
	if _, err := kc.CreateRealmRole(ctx, tok, realm, gocloak.Role{Name: &roleName,
		Description: gocloak.StringP("test workspace")}); err != nil {
		t.Fatalf("create role %s: %v", roleName, err)
	}
	deleteWorkspaceRoleLater(t, w.name)
	w.role = *wsRoleInKeycloak(t, w.name)

	w.group = w.name + "-team"
	id, err := kc.CreateGroup(ctx, tok, realm, gocloak.Group{Name: &w.group})
	if err != nil {
		t.Fatalf("create group %s: %v", w.group, err)
	}
	t.Cleanup(func() { _ = kc.DeleteGroup(context.Background(), tok, realm, id) })
	if err := kc.AddRealmRoleToGroup(ctx, tok, realm, id, []gocloak.Role{w.role}); err != nil {
		t.Fatal(err)
	}
	w.groupID = id
	return w
}

func (w wsSetup) mapDirectly(t *testing.T, userID string) {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	if err := kc.AddRealmRoleToUser(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"),
		userID, []gocloak.Role{w.role}); err != nil {
		t.Fatal(err)
	}
}

func (w wsSetup) addToGroup(t *testing.T, userID string) {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	if err := kc.AddUserToGroup(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"),
		userID, w.groupID); err != nil {
		t.Fatal(err)
	}
}

// postWorkspaceForm posts form values with the session's form token and
// returns the final answer.
func postWorkspaceForm(t *testing.T, c *http.Client, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	_, page := stacktest.Get(t, c, livePortalURL+"/admin/workspaces/new")
	form.Set("csrf", stacktest.FormValue(t, page, "csrf"))
	return stacktest.PostForm(t, c, livePortalURL+path, form)
}

func wsDoc(t *testing.T, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestWorkspaceIsCreatedWithAGroupAndAUser(t *testing.T) {
	srv := livePortal(t)
	userID, username := tempUser(t, "ws-first", true)
	groupID, group := tempGroupForWorkspace(t)
	name := wsName("created")
	deleteWorkspaceRoleLater(t, name)
	c, _, _ := login(t, "admin")

	resp, body := postWorkspaceForm(t, c, "/admin/workspaces", url.Values{"name": {name},
		"description": {"Made by a test"}, "users": {username}, "groups": {group}})
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/admin/workspaces/"+name {
		t.Fatalf("create: %d at %s, want 200 at the workspace's page", resp.StatusCode, resp.Request.URL.Path)
	}

	role := wsRoleInKeycloak(t, name)
	if role == nil || gocloak.PString(role.Description) != "Made by a test" {
		t.Fatalf("Keycloak's role pk:%s = %+v, want it with the description", name, role)
	}
	if !slices.Contains(directRealmRoles(t, userID), "pk:"+name) {
		t.Errorf("%s is not mapped to pk:%s directly", username, name)
	}
	if !slices.Contains(groupRolesInKeycloakWS(t, groupID), "pk:"+name) {
		t.Errorf("group %s does not grant pk:%s", group, name)
	}
	if via := wsDoc(t, body).Find("[data-member=" + username + "] [data-field=via]").Text(); via != "directly" {
		t.Errorf("the page says %s holds it %q, want directly", username, via)
	}
	if !hasAudit(t, srv, "workspace.create", store.OutcomeSuccess, "admin") {
		t.Error("no audit record of the creation")
	}
}

func TestWorkspaceNameTakenByARoleIsRefused(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")

	resp, body := postWorkspaceForm(t, c, "/admin/workspaces", url.Values{"name": {"vision"},
		"description": {"Kept input"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("taken name: %d, want 422", resp.StatusCode)
	}
	d := wsDoc(t, body)
	if msg := d.Find("[data-error-for=name]").Text(); !strings.Contains(msg, "already exists") {
		t.Errorf("message next to the name = %q, want that it already exists", msg)
	}
	if v := d.Find("input[name=description]").AttrOr("value", ""); v != "Kept input" {
		t.Errorf("the description was not kept: %q", v)
	}
	if r := wsRoleInKeycloak(t, "vision"); gocloak.PString(r.Description) != "Computer vision workspace" {
		t.Errorf("the demo role was changed: %+v", r)
	}
}

func TestWorkspaceNameTakenInTheClusterIsRefusedAndNoRoleIsCreated(t *testing.T) {
	livePortal(t)
	cl, err := cluster.New(stacktest.Getenv(t, "PKSTACK_ADMIN_KUBECONFIG"), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c, _, _ := login(t, "admin")

	nsName := wsName("taken-ns")
	if _, err := cl.Core.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{
		ObjectMeta: metav1.ObjectMeta{Name: nsName}}, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create namespace: %v", err)
	}
	t.Cleanup(func() { _ = cl.Core.CoreV1().Namespaces().Delete(ctx, nsName, metav1.DeleteOptions{}) })

	profile := wsName("taken-profile")
	p := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "kubeflow.org/v1", "kind": "Profile",
		"metadata": map[string]any{"name": profile},
		"spec":     map[string]any{"owner": map[string]any{"kind": "User", "name": "owner@example.org"}}}}
	if _, err := cl.Dynamic.Resource(cluster.ProfileResource).Create(ctx, p, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create profile: %v", err)
	}
	t.Cleanup(func() {
		_ = cl.Dynamic.Resource(cluster.ProfileResource).Delete(ctx, profile, metav1.DeleteOptions{})
	})

	for name, want := range map[string]string{nsName: "namespace", profile: "owner owner@example.org"} {
		deleteWorkspaceRoleLater(t, name)
		resp, body := postWorkspaceForm(t, c, "/admin/workspaces", url.Values{"name": {name}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("name of an existing %s: %d, want 422", want, resp.StatusCode)
		}
		if msg := wsDoc(t, body).Find("[data-error-for=name]").Text(); !strings.Contains(msg, want) {
			t.Errorf("message next to the name = %q, want it to mention %q", msg, want)
		}
		if wsRoleInKeycloak(t, name) != nil {
			t.Errorf("a role pk:%s was created although the name is taken in the cluster", name)
		}
	}
}

func TestBadWorkspaceNamesAreRefusedWithTheRule(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")
	for _, name := range []string{"", "Upper", "under_score", "-lead", "trail-", strings.Repeat("a", 64),
		"dot.ted"} {
		resp, body := postWorkspaceForm(t, c, "/admin/workspaces", url.Values{"name": {name}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("name %q: %d, want 422", name, resp.StatusCode)
			continue
		}
		if msg := wsDoc(t, body).Find("[data-error-for=name]").Text(); !strings.Contains(msg, "at most 63") {
			t.Errorf("name %q: message %q does not state the rule", name, msg)
		}
		if name != "" && wsRoleInKeycloak(t, strings.ToLower(name)) != nil {
			t.Errorf("name %q: a role was created", name)
		}
	}
}

func TestRemovingDirectAccessWhileAGroupGrantsItNamesTheRemainingPath(t *testing.T) {
	livePortal(t)
	w := newWorkspaceInKeycloak(t, "remain")
	userID, username := tempUser(t, "ws-both", true)
	w.mapDirectly(t, userID)
	w.addToGroup(t, userID)
	c, _, _ := login(t, "admin")

	resp, body := postWorkspaceForm(t, c, "/admin/workspaces/"+w.name+"/members/remove",
		url.Values{"user": {userID}, "end_sessions": {"yes"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("remove direct access: %d, want 200 after the redirect", resp.StatusCode)
	}
	if slices.Contains(directRealmRoles(t, userID), "pk:"+w.name) {
		t.Error("Keycloak still maps the role directly")
	}
	if !slices.Contains(groupsInKeycloak(t, userID), w.group) {
		t.Error("the user left the group, which the removal of direct access must not do")
	}
	want := username + " still has access through group " + w.group
	if got := wsDoc(t, body).Find("[data-testid=remaining]").Text(); !strings.Contains(got, want) {
		t.Errorf("the page says %q, want %q", got, want)
	}
}

func TestTakingAMemberOutOfTheGrantingGroupEndsTheirAccess(t *testing.T) {
	livePortal(t)
	w := newWorkspaceInKeycloak(t, "leave")
	userID, username := tempUser(t, "ws-leave", true)
	w.addToGroup(t, userID)
	c, _, _ := login(t, "admin")

	resp, body := postWorkspaceForm(t, c, "/admin/workspaces/"+w.name+"/groups/leave",
		url.Values{"membership": {userID + " " + w.group}, "end_sessions": {"yes"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("take out of group: %d", resp.StatusCode)
	}
	if slices.Contains(groupsInKeycloak(t, userID), w.group) {
		t.Error("Keycloak still has the user in the group")
	}
	if got := wsDoc(t, body).Find("[data-testid=notice]").Text(); !strings.Contains(got,
		username+" no longer has access") {
		t.Errorf("notice = %q, want that %s no longer has access", got, username)
	}

	resp, _ = postWorkspaceForm(t, c, "/admin/workspaces/"+w.name+"/groups/leave",
		url.Values{"membership": {userID + " " + w.group}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("taking a former member out of the group again: %d, want 422", resp.StatusCode)
	}
}

func TestRevokingFromAGroupPreviewsWhoLosesAccessAndNeedsConfirmation(t *testing.T) {
	livePortal(t)
	w := newWorkspaceInKeycloak(t, "revoke")
	loserID, loser := tempUser(t, "ws-loser", true)
	keeperID, keeper := tempUser(t, "ws-keeper", true)
	w.addToGroup(t, loserID)
	w.addToGroup(t, keeperID)
	w.mapDirectly(t, keeperID)
	c, _, _ := login(t, "admin")
	path := "/admin/workspaces/" + w.name + "/groups/" + w.groupID + "/revoke"

	_, body := stacktest.Get(t, c, livePortalURL+path)
	d := wsDoc(t, body)
	if d.Find("[data-testid=losing] [data-member="+loser+"]").Length() != 1 ||
		d.Find("[data-testid=keeping] [data-member="+keeper+"]").Length() != 1 {
		t.Fatalf("the preview does not list %s as losing and %s as keeping access", loser, keeper)
	}

	resp, _ := postWorkspaceForm(t, c, path, url.Values{"end_sessions": {"yes"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("revoke without confirmation: %d, want 422", resp.StatusCode)
	}
	if !slices.Contains(groupRolesInKeycloakWS(t, w.groupID), "pk:"+w.name) {
		t.Fatal("the mapping was removed without a confirmation")
	}

	resp, body = postWorkspaceForm(t, c, path, url.Values{"end_sessions": {"yes"}, "confirm": {"yes"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("confirmed revoke: %d", resp.StatusCode)
	}
	if slices.Contains(groupRolesInKeycloakWS(t, w.groupID), "pk:"+w.name) {
		t.Error("Keycloak still maps the role to the group")
	}
	if !slices.Contains(groupsInKeycloak(t, loserID), w.group) {
		t.Error("the revocation took a member out of the group")
	}
	d = wsDoc(t, body)
	if got := d.Find("[data-user=" + loser + "]").Text(); !strings.Contains(got, "lost access; sessions ended") {
		t.Errorf("result for %s = %q", loser, got)
	}
	if got := d.Find("[data-user=" + keeper + "]").Text(); !strings.Contains(got, "still has access directly") {
		t.Errorf("result for %s = %q", keeper, got)
	}
}

func TestWorkspacesListCountsEachMemberOnceAndShowsNewOnesWaiting(t *testing.T) {
	livePortal(t)
	w := newWorkspaceInKeycloak(t, "count")
	both, _ := tempUser(t, "ws-count-both", true)
	other, _ := tempUser(t, "ws-count-group", true)
	w.mapDirectly(t, both)
	w.addToGroup(t, both)
	w.addToGroup(t, other)
	c, _, _ := login(t, "admin")

	_, body := stacktest.Get(t, c, livePortalURL+"/admin/workspaces")
	row := wsDoc(t, body).Find("tr[data-workspace=" + w.name + "]")
	if row.Length() != 1 {
		t.Fatalf("the list has no row for %s", w.name)
	}
	if got := row.Find("[data-field=members]").Text(); got != "2" {
		t.Errorf("members of %s = %q, want 2 (one direct and through the group, one through it)", w.name, got)
	}
	if got := row.Find("[data-field=groups]").Text(); got != w.group {
		t.Errorf("granting groups = %q, want %s", got, w.group)
	}
	if got := row.Find("[data-state]").AttrOr("data-state", ""); got != "waiting" {
		t.Errorf("state of a workspace the cluster does not have yet = %q, want waiting", got)
	}
}

func TestDemoWorkspacesShowTheirProfileNamespaceAndBucketsAsExisting(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")
	_, body := stacktest.Get(t, c, livePortalURL+"/admin/workspaces")
	d := wsDoc(t, body)
	for _, ws := range []string{"vision", "nlp-research", "data-science-team"} {
		row := d.Find("tr[data-workspace=" + ws + "]")
		if got := row.Find("[data-state]").AttrOr("data-state", ""); got != "ready" {
			t.Errorf("%s: state %q, want ready", ws, got)
		}
		if row.Find("[data-field=profile] [data-value=yes]").Length() != 1 ||
			row.Find("[data-field=namespace] [data-value=yes]").Length() != 1 {
			t.Errorf("%s: Profile or namespace not shown as existing", ws)
		}
		if got := row.Find("[data-field=owner]").Text(); got != "owner admin@example.org" {
			t.Errorf("%s: Profile owner shown as %q", ws, got)
		}
		if row.Find("[data-bucket="+ws+"-data]").AttrOr("data-value", "") != "yes" {
			t.Errorf("%s: bucket %s-data not shown as existing", ws, ws)
		}
	}
}

func TestAddingAUserAndGrantingAGroupOnTheWorkspacePage(t *testing.T) {
	livePortal(t)
	w := newWorkspaceInKeycloak(t, "add")
	userID, username := tempUser(t, "ws-add", true)
	groupID, group := tempGroupForWorkspace(t)
	c, _, _ := login(t, "admin")

	resp, _ := postWorkspaceForm(t, c, "/admin/workspaces/"+w.name+"/members", url.Values{"username": {username}})
	if resp.StatusCode != http.StatusOK || !slices.Contains(directRealmRoles(t, userID), "pk:"+w.name) {
		t.Errorf("add %s: %d, and Keycloak shows no direct mapping", username, resp.StatusCode)
	}
	resp, body := postWorkspaceForm(t, c, "/admin/workspaces/"+w.name+"/members",
		url.Values{"username": {"nobody-" + w.name}})
	if resp.StatusCode != http.StatusUnprocessableEntity ||
		wsDoc(t, body).Find("[data-error-for=username]").Length() != 1 {
		t.Errorf("unknown username: %d, want 422 with a message next to the field", resp.StatusCode)
	}

	resp, _ = postWorkspaceForm(t, c, "/admin/workspaces/"+w.name+"/groups", url.Values{"group": {group}})
	if resp.StatusCode != http.StatusOK || !slices.Contains(groupRolesInKeycloakWS(t, groupID), "pk:"+w.name) {
		t.Errorf("grant to %s: %d, and Keycloak shows no mapping", group, resp.StatusCode)
	}
	resp, _ = postWorkspaceForm(t, c, "/admin/workspaces/"+w.name+"/groups", url.Values{"group": {"pk-admin"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("granting to the admin group: %d, want 422", resp.StatusCode)
	}
}

func TestHalfCreatedWorkspaceSaysWhatWasDoneAndFinishes(t *testing.T) {
	livePortal(t)
	userID, username := tempUser(t, "ws-half", true)
	name := wsName("half")
	deleteWorkspaceRoleLater(t, name)
	c, _, _ := login(t, "admin")

	liveDirectory.failGrants.Store(true)
	resp, body := postWorkspaceForm(t, c, "/admin/workspaces", url.Values{"name": {name}, "users": {username}})
	liveDirectory.failGrants.Store(false)
	if resp.StatusCode != http.StatusBadGateway || !strings.Contains(body, `data-testid="create-partial"`) {
		t.Fatalf("half-done creation: %d, want 502 with the partial notice", resp.StatusCode)
	}
	if wsRoleInKeycloak(t, name) == nil {
		t.Fatal("the page says the workspace was created, but Keycloak has no role")
	}
	if slices.Contains(directRealmRoles(t, userID), "pk:"+name) {
		t.Fatal("the failed step was done after all")
	}

	finish := url.Values{}
	wsDoc(t, body).Find("[data-testid=missing] input[name=user]").Each(func(_ int, s *goquery.Selection) {
		finish.Add("user", s.AttrOr("value", ""))
	})
	resp, _ = postWorkspaceForm(t, c, "/admin/workspaces/"+name+"/finish", finish)
	if resp.StatusCode != http.StatusOK || !slices.Contains(directRealmRoles(t, userID), "pk:"+name) {
		t.Errorf("finish: %d, and the direct mapping is still missing", resp.StatusCode)
	}
}

func TestUnknownWorkspaceIsNotFound(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")
	for _, path := range []string{"/admin/workspaces/no-such-ws", "/admin/workspaces/Not_A_Label",
		"/admin/workspaces/vision/groups/no-such-group/revoke"} {
		if resp, _ := stacktest.Get(t, c, livePortalURL+path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
		}
	}
}

// tempGroupForWorkspace creates a uniquely named group that grants
// nothing yet, and deletes it when the test ends.
func tempGroupForWorkspace(t *testing.T) (id, name string) {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	name = wsName("ws-group")
	id, err := kc.CreateGroup(context.Background(), tok, realm, gocloak.Group{Name: &name})
	if err != nil {
		t.Fatalf("create group %s: %v", name, err)
	}
	t.Cleanup(func() { _ = kc.DeleteGroup(context.Background(), tok, realm, id) })
	return id, name
}

// groupRolesInKeycloakWS reads the realm roles mapped to a group.
func groupRolesInKeycloakWS(t *testing.T, id string) []string {
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
