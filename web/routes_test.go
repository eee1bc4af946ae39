package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prokube/pkadmin/internal/auth"
	"github.com/prokube/pkadmin/internal/config"
	"github.com/prokube/pkadmin/internal/store/sqlite"
)

// offlineServer is a portal whose Keycloak, MinIO and cluster are never
// reached: enough for what happens before a session exists.
func offlineServer(t *testing.T) *Server {
	t.Helper()
	cfg, err := config.LoadFrom(func(k string) string {
		return map[string]string{
			"PKADMIN_KEYCLOAK_URL": "http://127.0.0.1:1/auth", "PKADMIN_OIDC_CLIENT_SECRET": "x",
			"PKADMIN_MINIO_ENDPOINT": "127.0.0.1:1", "PKADMIN_MINIO_ACCESS_KEY": "x",
			"PKADMIN_MINIO_SECRET_KEY": "x",
		}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return New(Deps{Config: cfg, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: db,
		Provider: &auth.Provider{Issuer: cfg.IssuerURL()}})
}

func TestEveryRegisteredRouteDeclaresWhoMayUseIt(t *testing.T) {
	s := offlineServer(t)
	declared := map[string]bool{}
	for _, rt := range s.routes() {
		declared[rt.method+" "+rt.path] = true
	}
	for _, r := range s.echo.Routes() {
		if !declared[r.Method+" "+r.Path] {
			t.Errorf("route %s %s is registered without an access declaration", r.Method, r.Path)
		}
	}
	if len(s.echo.Routes()) < len(s.routes()) {
		t.Errorf("%d routes declared but only %d registered", len(s.routes()), len(s.echo.Routes()))
	}
}

func TestAnonymousVisitorIsSentToLoginOnEveryProtectedRoute(t *testing.T) {
	s := offlineServer(t)
	for _, rt := range s.routes() {
		if rt.access == auth.Public {
			continue
		}
		req := httptest.NewRequest(rt.method, rt.path, nil)
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		loc := rec.Header().Get("Location")
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/login?next=") {
			t.Errorf("anonymous %s %s: %d to %q, want 303 to /admin/login", rt.method, rt.path, rec.Code, loc)
		}
	}
}

func TestAnonymousPostIsAudited(t *testing.T) {
	s := offlineServer(t)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/admin/logout", nil))

	recs, err := s.Store.ListAudit(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Outcome != "refused" || recs[0].Action != "auth.logout" {
		t.Fatalf("audit after an anonymous POST = %+v, want one refused auth.logout", recs)
	}
}

func TestResponsesCarrySecurityHeaders(t *testing.T) {
	s := offlineServer(t)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/admin/logged-out", nil))

	h := rec.Header()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"frame-ancestors 'none'", "script-src 'self'", "default-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
		t.Errorf("missing nosniff or referrer policy: %v", h)
	}
	if h.Get("X-Request-Id") == "" {
		t.Error("no request ID")
	}
}

func TestErrorPageShowsRequestIDAndNoDetail(t *testing.T) {
	s := offlineServer(t)
	rec := httptest.NewRecorder()
	// Keycloak is unreachable, so starting a login fails.
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/admin/login", nil))

	body := rec.Body.String()
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("login with Keycloak down: %d, want 503", rec.Code)
	}
	if !strings.Contains(body, rec.Header().Get("X-Request-Id")) {
		t.Error("the error page does not show the request ID")
	}
	if strings.Contains(body, "127.0.0.1:1") || strings.Contains(body, "connection refused") {
		t.Error("the error page shows upstream detail")
	}
}

func TestStaticAssetsAreServedAndDirectoriesAreNot(t *testing.T) {
	s := offlineServer(t)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/admin/static/app.css", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "text/css") {
		t.Errorf("app.css: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/admin/static/", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("directory listing: %d, want 404", rec.Code)
	}
}

func TestSafeNextKeepsRedirectsInsideThePortal(t *testing.T) {
	cases := map[string]string{
		"/admin/users":       "/admin/users",
		"/admin":             "/admin",
		"//evil.example/":    "/admin",
		"https://evil.test/": "/admin",
		"/admin/\\evil":      "/admin",
		"/administrator":     "/admin",
		"":                   "/admin",
	}
	for in, want := range cases {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
