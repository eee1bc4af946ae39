package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prokube/pkadmin/internal/store/sqlite"
)

func TestRoleOfTakesTheHighestGroup(t *testing.T) {
	g := Groups{Admin: "pk-admin", Helpdesk: "pk-helpdesk"}
	cases := []struct {
		groups []string
		want   Role
	}{
		{nil, RoleNone},
		{[]string{"pk-user"}, RoleNone},
		{[]string{"pk-helpdesk"}, RoleHelpdesk},
		{[]string{"/pk-helpdesk", "/pk-admin"}, RoleAdmin},
		{[]string{"pk-admin-old"}, RoleNone},
	}
	for _, c := range cases {
		if got := g.RoleOf(c.groups); got != c.want {
			t.Errorf("RoleOf(%v) = %s, want %s", c.groups, got, c.want)
		}
	}
}

func TestAccessLevelsAllowOnlyTheirRoles(t *testing.T) {
	want := map[Access][3]bool{ // none, helpdesk, admin
		Public:   {true, true, true},
		SignedIn: {true, true, true},
		Helpdesk: {false, true, true},
		Admin:    {false, false, true},
	}
	for a, w := range want {
		for r, ok := range w {
			if got := a.Allows(Role(r)); got != ok {
				t.Errorf("%s.Allows(%s) = %v, want %v", a, Role(r), got, ok)
			}
		}
	}
}

func TestEstablishGivesANewSessionIDAndKeepsNoTokenInTheCookie(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m := &Sessions{Store: db, Lifetime: time.Hour}

	w := httptest.NewRecorder()
	pending, err := m.StartLogin(ctx, w, "/admin/users")
	if err != nil {
		t.Fatal(err)
	}
	first := w.Result().Cookies()[0]

	w = httptest.NewRecorder()
	se := &Session{Subject: "sub-1", Username: "ada", IDToken: "header.payload.sig", RefreshToken: "refresh"}
	if err := m.Establish(ctx, w, pending, se); err != nil {
		t.Fatal(err)
	}
	second := w.Result().Cookies()[0]

	if second.Value == first.Value {
		t.Fatal("the session ID did not change at login")
	}
	if !second.HttpOnly || second.SameSite != http.SameSiteLaxMode || second.Path != "/admin" {
		t.Errorf("cookie attributes: HttpOnly %v, SameSite %v, Path %q", second.HttpOnly, second.SameSite, second.Path)
	}
	if strings.Contains(second.Value, "payload") || strings.Contains(second.Value, "refresh") {
		t.Error("a token went into the cookie")
	}

	req := httptest.NewRequest(http.MethodGet, "/admin", nil)
	req.AddCookie(first)
	if old, _ := m.Load(ctx, req); old != nil {
		t.Error("the pre-login session ID still works after login")
	}
	req = httptest.NewRequest(http.MethodGet, "/admin", nil)
	req.AddCookie(second)
	got, err := m.Load(ctx, req)
	if err != nil || !got.SignedIn() || got.Username != "ada" || got.CSRFToken == "" {
		t.Fatalf("Load after login = %+v, %v; want ada's session with a form token", got, err)
	}
	if !got.CheckCSRF(got.CSRFToken) || got.CheckCSRF("") || got.CheckCSRF("other") {
		t.Error("CheckCSRF accepts the wrong tokens")
	}
}
