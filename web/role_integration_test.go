//go:build integration

package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/sync/errgroup"

	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/store"
)

// roleSuffix makes names unique to one test run.
func roleSuffix() string {
	return strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "")
}

// roleInKeycloak reads a realm role independently of the portal; nil
// when it does not exist.
func roleInKeycloak(t *testing.T, name string) *gocloak.Role {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	r, err := kc.GetRealmRole(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"), name)
	if err != nil {
		if strings.Contains(err.Error(), "404") {
			return nil
		}
		t.Fatalf("read role %s: %v", name, err)
	}
	return r
}

// roleTestRole creates a realm role through the master-realm admin and
// deletes it after the test, if it still exists.
func roleTestRole(t *testing.T, name string) *gocloak.Role {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	ctx := context.Background()
	if _, err := kc.CreateRealmRole(ctx, tok, realm, gocloak.Role{Name: &name,
		Description: gocloak.StringP("made by " + t.Name())}); err != nil {
		t.Fatalf("create role %s: %v", name, err)
	}
	t.Cleanup(func() { _ = kc.DeleteRealmRole(ctx, tok, realm, name) })
	return roleInKeycloak(t, name)
}

// roleTestGroup creates a group holding the role, with the given members,
// and deletes it after the test.
func roleTestGroup(t *testing.T, role *gocloak.Role, memberIDs ...string) string {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	ctx := context.Background()
	name := "role-it-" + roleSuffix()
	gid, err := kc.CreateGroup(ctx, tok, realm, gocloak.Group{Name: &name})
	if err != nil {
		t.Fatalf("create group: %v", err)
	}
	t.Cleanup(func() { _ = kc.DeleteGroup(ctx, tok, realm, gid) })
	if err := kc.AddRealmRoleToGroup(ctx, tok, realm, gid, []gocloak.Role{*role}); err != nil {
		t.Fatalf("grant role to group: %v", err)
	}
	for _, id := range memberIDs {
		if err := kc.AddUserToGroup(ctx, tok, realm, id, gid); err != nil {
			t.Fatalf("add member: %v", err)
		}
	}
	return name
}

func grantDirectly(t *testing.T, role *gocloak.Role, userID string) {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	if err := kc.AddRealmRoleToUser(context.Background(), tok,
		stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"), userID, []gocloak.Role{*role}); err != nil {
		t.Fatalf("grant role: %v", err)
	}
}

// importRoles creates many realm roles in one partial import, and
// deletes them after the test, a few at a time.
func importRoles(t *testing.T, names []string) {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	ctx := context.Background()
	reps := make([]map[string]string, len(names))
	for i, n := range names {
		reps[i] = map[string]string{"name": n, "description": "bulk role " + n}
	}
	t.Cleanup(func() {
		var g errgroup.Group
		g.SetLimit(8)
		for _, n := range names {
			g.Go(func() error { return kc.DeleteRealmRole(ctx, tok, realm, n) })
		}
		if err := g.Wait(); err != nil {
			t.Logf("delete imported roles: %v", err)
		}
	})
	endpoint := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_URL") + "/admin/realms/" + realm + "/partialImport"
	resp, err := kc.GetRequestWithBearerAuth(ctx, tok).
		SetBody(map[string]any{"ifResourceExists": "FAIL", "roles": map[string]any{"realm": reps}}).
		Post(endpoint)
	if err != nil || resp.IsError() {
		t.Fatalf("partial import of %d roles: %v %s", len(names), err, resp.Status())
	}
}

func rolesShown(t *testing.T, body string) map[string]*goquery.Selection {
	t.Helper()
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	out := map[string]*goquery.Selection{}
	doc.Find("tr[data-role]").Each(func(_ int, s *goquery.Selection) { out[s.AttrOr("data-role", "")] = s })
	return out
}

func TestRolesListShowsRolesBeyondTheFirstHundredAndCountsEachHolderOnce(t *testing.T) {
	livePortal(t)
	prefix := "zz-roles-it-" + roleSuffix() + "-"
	var bulk []string
	for i := range 105 {
		bulk = append(bulk, fmt.Sprintf("%s%03d", prefix, i))
	}
	importRoles(t, bulk)
	last := roleInKeycloak(t, bulk[104])
	both, _ := tempUser(t, "role-both", true)
	viaGroup, _ := tempUser(t, "role-group", true)
	grantDirectly(t, last, both)
	roleTestGroup(t, last, both, viaGroup)

	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	inKC, err := kc.GetRealmRoles(context.Background(), tok, realm,
		gocloak.GetRoleParams{Search: &prefix, First: gocloak.IntP(0), Max: gocloak.IntP(1000)})
	if err != nil || len(inKC) != 105 {
		t.Fatalf("Keycloak holds %d roles with the prefix (%v), want 105", len(inKC), err)
	}

	c, _, _ := login(t, "admin")
	_, body := stacktest.Get(t, c, livePortalURL+"/admin/roles?q="+url.QueryEscape(prefix))
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if got := doc.Find("[data-testid=role-total]").Text(); got != "105 roles" {
		t.Errorf("the search's total says %q, want %q", got, "105 roles")
	}
	if n := len(rolesShown(t, body)); n != rolesPerPage {
		t.Errorf("page 1 shows %d roles, want %d", n, rolesPerPage)
	}

	_, body = stacktest.Get(t, c, livePortalURL+"/admin/roles?page=5&q="+url.QueryEscape(prefix))
	row, ok := rolesShown(t, body)[bulk[104]]
	if !ok {
		t.Fatalf("page 5 does not show %s: %v", bulk[104], keys(rolesShown(t, body)))
	}
	if got := row.Find("[data-holders]").AttrOr("data-holders", ""); got != "2" {
		t.Errorf("holders of %s = %q, want 2 (one directly and through a group, one through it)",
			bulk[104], got)
	}

	// Without a search, paging through the other roles reaches it too.
	for p := 1; ; p++ {
		_, body = stacktest.Get(t, c, fmt.Sprintf("%s/admin/roles?kind=other&page=%d", livePortalURL, p))
		if _, ok := rolesShown(t, body)[bulk[104]]; ok {
			break
		}
		if !strings.Contains(body, `rel="next"`) {
			t.Fatalf("no page of other roles shows %s", bulk[104])
		}
	}
}

func postRole(t *testing.T, c *http.Client, csrf string, form url.Values) (*http.Response, string) {
	t.Helper()
	form.Set("csrf", csrf)
	return stacktest.PostForm(t, c, livePortalURL+"/admin/roles", form)
}

func TestRoleCreateNeedsAPlatformPrefixOrAnExplicitTick(t *testing.T) {
	livePortal(t)
	c, _, _ := login(t, "admin")
	_, page := stacktest.Get(t, c, livePortalURL+"/admin/roles/new")
	csrf := stacktest.FormValue(t, page, "csrf")
	plain, storage := "role-it-plain-"+roleSuffix(), "s3:role-it-"+roleSuffix()
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	t.Cleanup(func() {
		_ = kc.DeleteRealmRole(context.Background(), tok, realm, plain)
		_ = kc.DeleteRealmRole(context.Background(), tok, realm, storage)
	})

	resp, body := postRole(t, c, csrf, url.Values{"name": {plain}, "description": {"Reports"}})
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(doc.Find("[data-error-for=name]").Text(), "no platform prefix") {
		t.Fatalf("a name without prefix, unticked: %d, want 422 with the warning at the name", resp.StatusCode)
	}
	if v := stacktest.FormValue(t, body, "description"); v != "Reports" {
		t.Errorf("the description was not kept: %q", v)
	}
	if roleInKeycloak(t, plain) != nil {
		t.Fatalf("role %s was created without the tick", plain)
	}

	resp, _ = postRole(t, c, csrf,
		url.Values{"name": {plain}, "description": {"Reports"}, "no_prefix": {"on"}})
	r := roleInKeycloak(t, plain)
	if resp.StatusCode != http.StatusOK || r == nil || gocloak.PString(r.Description) != "Reports" {
		t.Fatalf("ticked create: %d, role in Keycloak %+v; want it created with its description",
			resp.StatusCode, r)
	}
	resp, body = postRole(t, c, csrf, url.Values{"name": {storage}})
	if resp.StatusCode != http.StatusOK || roleInKeycloak(t, storage) == nil {
		t.Fatalf("create %s: %d, want it created", storage, resp.StatusCode)
	}
	if row, ok := rolesShown(t, body)[storage]; !ok || row.AttrOr("data-kind", "") != "storage" {
		t.Errorf("after creating, the list does not show %s as a storage role", storage)
	}

	bad := "pk:Role_It-" + roleSuffix()
	resp, _ = postRole(t, c, csrf, url.Values{"name": {bad}})
	if resp.StatusCode != http.StatusUnprocessableEntity || roleInKeycloak(t, bad) != nil {
		t.Errorf("pk: name that is no DNS label: %d, want 422 and nothing created", resp.StatusCode)
	}
}

func TestDuplicateRoleNameIsRefusedNextToTheField(t *testing.T) {
	livePortal(t)
	name := "s3:role-it-dup-" + roleSuffix()
	roleTestRole(t, name)
	c, _, _ := login(t, "admin")
	_, page := stacktest.Get(t, c, livePortalURL+"/admin/roles/new")

	resp, body := postRole(t, c, stacktest.FormValue(t, page, "csrf"),
		url.Values{"name": {name}, "description": {"second"}})
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find("[data-error-for=name]").Length() != 1 {
		t.Fatalf("duplicate name: %d, want 422 with the error at the name", resp.StatusCode)
	}
	if v := stacktest.FormValue(t, body, "name"); v != name {
		t.Errorf("the name was not kept: %q", v)
	}
	if d := gocloak.PString(roleInKeycloak(t, name).Description); d == "second" {
		t.Errorf("the existing role's description was changed to %q", d)
	}
}

func deletePath(name string) string {
	return livePortalURL + "/admin/roles/" + url.PathEscape(name) + "/delete"
}

func TestRoleDeletePreviewsHoldersAndNeedsTheTypedName(t *testing.T) {
	srv := livePortal(t)
	name := "s3:role-it-del-" + roleSuffix()
	role := roleTestRole(t, name)
	direct, _ := tempUser(t, "role-direct", true)
	member, memberName := tempUser(t, "role-member", true)
	grantDirectly(t, role, direct)
	group := roleTestGroup(t, role, member)
	// The member has a Keycloak session, which the deletion ends.
	stacktest.Login(t, livePortalURL, memberName, "Original-pass-1")

	c, _, _ := login(t, "admin")
	_, body := stacktest.Get(t, c, deletePath(name))
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	rows := doc.Find("[data-testid=holders] tr[data-user]")
	if rows.Length() != 2 || !strings.Contains(rows.Text(), "through group "+group) ||
		!strings.Contains(rows.Text(), "directly") {
		t.Fatalf("preview lists %d holders: %q; want one directly and one through %s",
			rows.Length(), rows.Text(), group)
	}

	csrf := stacktest.FormValue(t, body, "csrf")
	resp, _ := stacktest.PostForm(t, c, deletePath(name), url.Values{"csrf": {csrf}, "confirm": {"wrong"},
		"end_sessions": {"yes"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || roleInKeycloak(t, name) == nil {
		t.Fatalf("wrong confirmation: %d, want 422 and the role kept", resp.StatusCode)
	}

	resp, _ = stacktest.PostForm(t, c, deletePath(name), url.Values{"csrf": {csrf}, "confirm": {name},
		"end_sessions": {"yes"}})
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/admin/roles" {
		t.Fatalf("confirmed delete: %d at %s, want the roles list", resp.StatusCode, resp.Request.URL)
	}
	if roleInKeycloak(t, name) != nil {
		t.Fatal("the role still exists in Keycloak")
	}
	kc, tok := stacktest.KeycloakAdmin(t)
	sessions, err := kc.GetUserSessions(context.Background(), tok,
		stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"), member)
	if err != nil || len(sessions) != 0 {
		t.Errorf("the former holder has %d sessions (%v), want none", len(sessions), err)
	}
	if !hasAudit(t, srv, "role.delete", store.OutcomeSuccess, "admin") {
		t.Error("no audit record of the deletion")
	}
}

func TestWorkspaceRoleIsNotDeletedHere(t *testing.T) {
	livePortal(t)
	name := "pk:role-it-ws-" + roleSuffix()
	roleTestRole(t, name)
	c, _, _ := login(t, "admin")

	_, body := stacktest.Get(t, c, deletePath(name))
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if !strings.Contains(doc.Find("[data-testid=refusal]").Text(), "offboarding") ||
		doc.Find("input[name=confirm]").Length() != 0 {
		t.Errorf("the preview of a workspace offers deletion or does not point to offboarding")
	}
	resp, _ := stacktest.PostForm(t, c, deletePath(name),
		url.Values{"csrf": {stacktest.FormValue(t, body, "csrf")}, "confirm": {name}})
	if resp.StatusCode != http.StatusUnprocessableEntity || roleInKeycloak(t, name) == nil {
		t.Errorf("deleting a workspace role: %d, want 422 and the role still present", resp.StatusCode)
	}
}

func TestKeycloaksOwnRolesCannotBeDeleted(t *testing.T) {
	livePortal(t)
	c, _, page := login(t, "admin")
	csrf := csrfFrom(t, c, page)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	for _, name := range []string{"default-roles-" + realm, "offline_access", "uma_authorization"} {
		_, body := stacktest.Get(t, c, deletePath(name))
		if !strings.Contains(body, `data-testid="refusal"`) {
			t.Errorf("the preview of %s does not say it cannot be deleted", name)
		}
		resp, _ := stacktest.PostForm(t, c, deletePath(name), url.Values{"csrf": {csrf}, "confirm": {name}})
		if resp.StatusCode != http.StatusUnprocessableEntity || roleInKeycloak(t, name) == nil {
			t.Errorf("deleting %s: %d, want 422 and the role kept", name, resp.StatusCode)
		}
	}
}
