package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

func rolesNamed(names ...string) []keycloak.Role {
	out := make([]keycloak.Role, len(names))
	for i, n := range names {
		out[i] = keycloak.Role{Name: n, Description: "about " + n}
	}
	return out
}

func roleNames(roles []keycloak.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = r.Name
	}
	return out
}

func TestRoleFilterMatchesNameOrDescriptionAndKind(t *testing.T) {
	all := rolesNamed("pk:vision", "pk:nlp", "s3:vision-data", "offline_access")
	all[1].Description = "Vision research, second team"

	got := roleNames(filterRoles(all, "VISION", ""))
	if want := []string{"pk:vision", "pk:nlp", "s3:vision-data"}; !slices.Equal(got, want) {
		t.Errorf("search VISION = %v, want %v", got, want)
	}
	got = roleNames(filterRoles(all, "vision", keycloak.KindPlatform))
	if want := []string{"pk:vision", "pk:nlp"}; !slices.Equal(got, want) {
		t.Errorf("search vision among platform roles = %v, want %v", got, want)
	}
	got = roleNames(filterRoles(all, "", keycloak.KindOther))
	if want := []string{"offline_access"}; !slices.Equal(got, want) {
		t.Errorf("other roles = %v, want %v", got, want)
	}
}

func TestRolePagesCoverEveryRoleOnceAndClampThePage(t *testing.T) {
	all := make([]int, 103)
	for i := range all {
		all[i] = i
	}
	seen := 0
	for p := 1; p <= 5; p++ {
		shown, cur, pages := pageOf(all, p, 25)
		if cur != p || pages != 5 {
			t.Fatalf("page %d: current %d of %d, want %d of 5", p, cur, pages, p)
		}
		if len(shown) > 0 && shown[0] != seen {
			t.Fatalf("page %d starts at %d, want %d", p, shown[0], seen)
		}
		seen += len(shown)
	}
	if seen != len(all) {
		t.Errorf("pages show %d items, want %d", seen, len(all))
	}
	if shown, cur, _ := pageOf(all, 99, 25); cur != 5 || len(shown) != 3 {
		t.Errorf("page 99 = page %d with %d items, want the last page with 3", cur, len(shown))
	}
	if shown, cur, pages := pageOf([]int{}, 0, 25); cur != 1 || pages != 1 || len(shown) != 0 {
		t.Errorf("empty list = page %d of %d with %d items, want page 1 of 1, empty", cur, pages, len(shown))
	}
}

func TestRoleNamesRoundTripThroughTheRoute(t *testing.T) {
	e := echo.New()
	var got string
	var gotErr error
	e.GET("/admin/roles/:role/delete", func(c echo.Context) error {
		got, gotErr = roleParam(c)
		return nil
	})
	for _, name := range []string{"pk:vision", "s3:read-only", "a b", "50%", "a%20b", "x/y", "ünï"} {
		got = ""
		link := string(views.RoleURL(name, "/delete"))
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, link, nil))
		if rec.Code != http.StatusOK || gotErr != nil || got != name {
			t.Errorf("role %q linked as %s: status %d, handler saw %q (%v)", name, link, rec.Code, got, gotErr)
		}
	}
	// net/http refuses such a path itself; the handler must not trust it either.
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.URL.Path, req.URL.RawPath = "/admin/roles/x%zz/delete", "/admin/roles/x%zz/delete"
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	var pe *Error
	if !errors.As(gotErr, &pe) || pe.Status != http.StatusNotFound {
		t.Errorf("a malformed escape gave %q, %v; want a 404", got, gotErr)
	}
}
