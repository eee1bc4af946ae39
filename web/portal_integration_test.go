//go:build integration

package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"github.com/PuerkitoBio/goquery"

	"github.com/prokube/pkadmin/internal/auth"
	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/config"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/internal/store/sqlite"
	"github.com/prokube/pkadmin/views"
)

// livePortalURL is where the tests' own portal listens; pkstack sets it
// one port above the stack's portal, and the demo realm registers it as a
// redirect URI.
var livePortalURL = stackURL("PKSTACK_LIVE_PORTAL_URL", "http://localhost:28081")

// stackURL is a URL pkstack put in the environment, or its default.
func stackURL(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// listenOn opens a loopback listener on the port of a localhost URL.
func listenOn(rawURL string) (net.Listener, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	return net.Listen("tcp", "127.0.0.1:"+u.Port())
}

// faultyDirectory is the real directory, except that a test can make
// granting roles fail, to see how the portal reports a half-done action.
type faultyDirectory struct {
	*keycloak.Directory
	failGrants atomic.Bool
}

func (f *faultyDirectory) GrantRoles(ctx context.Context, userID string, roles []keycloak.Role) error {
	if f.failGrants.Load() {
		return keycloak.ErrUnavailable
	}
	return f.Directory.GrantRoles(ctx, userID, roles)
}

var liveDirectory *faultyDirectory

var (
	liveOnce   sync.Once
	liveServer *Server
	liveErr    error
)

// livePortal runs the portal against the real stack, once per test binary,
// with a one-second access recheck so revocations show quickly.
func livePortal(t testing.TB) *Server {
	t.Helper()
	stacktest.Getenv(t, "PKADMIN_KEYCLOAK_URL")
	liveOnce.Do(func() { liveServer, liveErr = startLivePortal() })
	if liveErr != nil {
		t.Fatalf("start the portal: %v", liveErr)
	}
	return liveServer
}

func startLivePortal() (*Server, error) {
	dir, err := os.MkdirTemp("", "pkadmin-it-")
	if err != nil {
		return nil, err
	}
	overrides := map[string]string{
		"PKADMIN_PUBLIC_URL":     livePortalURL,
		"PKADMIN_ACCESS_RECHECK": "1s",
		"PKADMIN_DATABASE":       "sqlite:" + filepath.Join(dir, "pkadmin.db"),
	}
	cfg, err := config.LoadFrom(func(k string) string {
		if v, ok := overrides[k]; ok {
			return v
		}
		return os.Getenv(k)
	})
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, cfg.SQLitePath())
	if err != nil {
		return nil, err
	}
	st, err := storage.New(cfg.MinIOEndpoint, cfg.MinIOAccessKey, cfg.MinIOSecretKey, false)
	if err != nil {
		return nil, err
	}
	cl, err := cluster.New(cfg.Kubeconfig, cfg.RequestTimeout)
	if err != nil {
		return nil, err
	}
	liveDirectory = &faultyDirectory{
		Directory: keycloak.New(cfg.KeycloakURL, cfg.Realm, cfg.ClientID, cfg.ClientSecret, 10*time.Second)}
	engine := &offboard.Engine{Store: db, Directory: liveDirectory.Directory, Storage: st,
		Cluster: cl, Names: cfg.Names, Settings: cfg.Offboard}
	if _, err := engine.RecoverInterrupted(ctx); err != nil {
		return nil, err
	}
	srv := New(Deps{Config: cfg, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: db,
		Provider: &auth.Provider{Issuer: cfg.IssuerURL(), ClientID: cfg.ClientID,
			ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL()},
		Keycloak: liveDirectory,
		Storage:  st, Cluster: cl, Offboard: engine})
	ln, err := listenOn(livePortalURL)
	if err != nil {
		return nil, err
	}
	go func() { _ = http.Serve(ln, srv.Handler()) }()
	return srv, nil
}

func login(t *testing.T, username string) (*http.Client, *http.Response, string) {
	t.Helper()
	return stacktest.Login(t, livePortalURL, username, stacktest.Getenv(t, "PKSTACK_DEMO_PASSWORD"))
}

func TestAdminLogsInAndSeesDashboardWithEveryServiceAnswering(t *testing.T) {
	livePortal(t)
	_, resp, body := login(t, "admin")

	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/admin" {
		t.Fatalf("after login: %d at %s, want 200 at /admin", resp.StatusCode, resp.Request.URL.Path)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if got := doc.Find("[data-testid=current-user]").Text(); got != "Ada Admin" {
		t.Errorf("current user shown as %q, want %q", got, "Ada Admin")
	}
	for _, name := range []string{"store", "keycloak", "minio", "kubernetes"} {
		if ok, _ := doc.Find("[data-service=" + name + "]").Attr("data-ok"); ok != "true" {
			t.Errorf("dashboard says %s is not answering", name)
		}
	}
	if n := doc.Find("nav a[data-nav]").Length(); n != len(views.Nav) {
		t.Errorf("admin sees %d navigation areas, want %d", n, len(views.Nav))
	}
}

func TestOrdinaryUserIsTurnedAwayWithReason(t *testing.T) {
	livePortal(t)
	_, resp, body := login(t, "alice")

	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("alice got %d, want 403", resp.StatusCode)
	}
	if !strings.Contains(body, "not a platform administrator") {
		t.Errorf("the 403 page does not say why: %s", body)
	}
}

func TestHelpdeskSeesOnlyUsersArea(t *testing.T) {
	livePortal(t)
	c, resp, body := login(t, "helpdesk")

	if resp.StatusCode != http.StatusOK {
		t.Fatalf("helpdesk dashboard: %d, want 200", resp.StatusCode)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	var areas []string
	doc.Find("nav a[data-nav]").Each(func(_ int, s *goquery.Selection) {
		areas = append(areas, s.AttrOr("data-nav", ""))
	})
	if strings.Join(areas, ",") != "users" {
		t.Errorf("helpdesk navigation = %v, want [users]", areas)
	}
	if resp, _ := stacktest.Get(t, c, livePortalURL+"/admin/workspaces"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("helpdesk opening workspaces: %d, want 403", resp.StatusCode)
	}
}

func TestLogoutEndsKeycloakSessionToo(t *testing.T) {
	srv := livePortal(t)
	c, _, body := login(t, "admin")

	resp, page := stacktest.PostForm(t, c, livePortalURL+"/admin/logout",
		url.Values{"csrf": {stacktest.FormValue(t, body, "csrf")}})
	if resp.Request.URL.Path != "/admin/logged-out" || !strings.Contains(page, `data-testid="logged-out"`) {
		t.Fatalf("logout ended at %s, want the logged-out page", resp.Request.URL)
	}

	_, again := stacktest.Get(t, c, livePortalURL+"/admin")
	if !stacktest.IsKeycloakLogin(again) {
		t.Fatalf("after logout, /admin did not ask for a password again")
	}
	if !hasAudit(t, srv, "auth.logout", store.OutcomeSuccess, "admin") {
		t.Errorf("no audit record of the logout")
	}
}

func TestLogoutWithoutFormTokenIsRefusedAndAudited(t *testing.T) {
	srv := livePortal(t)
	c, _, _ := login(t, "admin")

	resp, _ := stacktest.PostForm(t, c, livePortalURL+"/admin/logout", url.Values{"csrf": {"forged"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("logout with a forged token: %d, want 403", resp.StatusCode)
	}
	if resp, _ := stacktest.Get(t, c, livePortalURL+"/admin"); resp.StatusCode != http.StatusOK {
		t.Errorf("the session did not survive the refused request: %d", resp.StatusCode)
	}
	if !hasAudit(t, srv, "auth.logout", store.OutcomeRefused, "admin") {
		t.Errorf("the refused logout was not recorded")
	}
}

func TestRemovalFromAdminGroupRevokesAccessWithinRecheck(t *testing.T) {
	srv := livePortal(t)
	kc, tok := stacktest.KeycloakAdmin(t)
	ctx := context.Background()
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")

	username := "temp-admin-" + time.Now().Format("150405.000")
	username = strings.ReplaceAll(username, ".", "")
	id, err := kc.CreateUser(ctx, tok, realm, gocloak.User{Username: &username,
		Email: gocloak.StringP(username + "@example.org"), EmailVerified: gocloak.BoolP(true),
		FirstName: gocloak.StringP("Temp"), LastName: gocloak.StringP("Admin"),
		Enabled: gocloak.BoolP(true), Groups: &[]string{srv.Config.AdminGroup}})
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	t.Cleanup(func() { _ = kc.DeleteUser(ctx, tok, realm, id) })
	if err := kc.SetPassword(ctx, tok, id, realm, "temp-pass-1", false); err != nil {
		t.Fatalf("set password: %v", err)
	}

	c, resp, _ := stacktest.Login(t, livePortalURL, username, "temp-pass-1")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("new admin's dashboard: %d, want 200", resp.StatusCode)
	}

	groups, err := kc.GetGroups(ctx, tok, realm, gocloak.GetGroupsParams{Search: &srv.Config.AdminGroup})
	if err != nil || len(groups) == 0 {
		t.Fatalf("find group %s: %v", srv.Config.AdminGroup, err)
	}
	if err := kc.DeleteUserFromGroup(ctx, tok, realm, id, *groups[0].ID); err != nil {
		t.Fatalf("remove from group: %v", err)
	}
	removed := time.Now()

	for {
		resp, _ := stacktest.Get(t, c, livePortalURL+"/admin")
		if resp.StatusCode == http.StatusForbidden {
			t.Logf("access ended %s after the removal", time.Since(removed).Round(time.Millisecond))
			return
		}
		if time.Since(removed) > 60*time.Second {
			t.Fatalf("still %d a minute after removal from %s", resp.StatusCode, srv.Config.AdminGroup)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func TestReadinessReportsEveryDependency(t *testing.T) {
	livePortal(t)
	resp, body := stacktest.Get(t, stacktest.Browser(t), livePortalURL+"/readyz")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz = %d %s, want 200", resp.StatusCode, body)
	}
	for _, name := range []string{"store", "keycloak", "minio", "kubernetes"} {
		if !strings.Contains(body, `"`+name+`":"answering"`) {
			t.Errorf("/readyz does not report %s answering: %s", name, body)
		}
	}
}

func TestKeycloakRefusalIsNamedClearly(t *testing.T) {
	cfg := livePortal(t).Config
	d := keycloak.New(cfg.KeycloakURL, cfg.Realm, cfg.ClientID, "wrong-secret", 10*time.Second)
	err := d.Ping(context.Background())
	if err == nil || errors.Is(err, keycloak.ErrUnavailable) {
		t.Fatalf("Ping with a wrong secret = %v, want a refusal, not unavailability", err)
	}
}

func hasAudit(t *testing.T, srv *Server, action string, outcome store.Outcome, actor string) bool {
	t.Helper()
	recs, err := srv.Store.ListAudit(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Action == action && r.Outcome == outcome && r.ActorUsername == actor && r.RequestID != "" {
			return true
		}
	}
	return false
}

// TestRouteMatrix checks every declared route for each kind of person:
// an anonymous visitor is sent to log in, and a signed-in person gets the
// page exactly when the route's access level allows their role.
func TestRouteMatrix(t *testing.T) {
	srv := livePortal(t)
	people := []struct {
		username string
		role     auth.Role
	}{{"alice", auth.RoleNone}, {"helpdesk", auth.RoleHelpdesk}, {"admin", auth.RoleAdmin}}

	// Routes about one user act on a throwaway user, never a demo one.
	targetID, _ := tempUser(t, "matrix", true)

	for _, rt := range srv.routes() {
		if rt.access == auth.Public {
			continue
		}
		path := matrixPath(rt.path, targetID)
		anon := stacktest.Browser(t)
		req, _ := http.NewRequest(rt.method, livePortalURL+path, nil)
		resp, err := anon.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login") {
			t.Errorf("anonymous %s %s: %d, want 303 to login", rt.method, rt.path, resp.StatusCode)
		}

		for _, p := range people {
			// Each person logs in afresh, since a POST may end the session.
			c, _, page := login(t, p.username)
			req, _ := http.NewRequest(rt.method, livePortalURL+path, nil)
			if rt.method == http.MethodPost {
				form := url.Values{"csrf": {csrfFrom(t, c, page)}}
				req, _ = http.NewRequest(rt.method, livePortalURL+path, strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			allowed := rt.access.Allows(p.role)
			// An allowed request may still be refused as invalid (422) without
			// the form's fields; only 403 means the role was refused.
			if resp.StatusCode >= 500 {
				t.Errorf("%s %s as %s: status %d", rt.method, rt.path, p.username, resp.StatusCode)
			}
			if got := resp.StatusCode != http.StatusForbidden; got != allowed {
				t.Errorf("%s %s as %s (%s): status %d, want allowed=%v",
					rt.method, rt.path, p.username, p.role, resp.StatusCode, allowed)
			}
		}
	}
}

// matrixPath fills a route's parameters: a user route acts on the
// throwaway user, and every other parameter (a group, role, workspace,
// bucket or run) names something that does not exist, so an allowed
// request finds nothing to change.
func matrixPath(path, userID string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		switch {
		case p == ":id":
			parts[i] = userID
		case strings.HasPrefix(p, ":"):
			parts[i] = "matrix-missing"
		}
	}
	return strings.Join(parts, "/")
}

// csrfFrom finds the session's form token on the landing page, or on the
// dashboard when the landing page has none.
func csrfFrom(t *testing.T, c *http.Client, page string) string {
	t.Helper()
	if strings.Contains(page, `name="csrf"`) {
		return stacktest.FormValue(t, page, "csrf")
	}
	_, page = stacktest.Get(t, c, livePortalURL+"/admin")
	return stacktest.FormValue(t, page, "csrf")
}
