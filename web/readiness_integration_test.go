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

func TestReadinessListsUnreadyUsersAndFixesSeveralAtOnce(t *testing.T) {
	livePortal(t)
	a, userA := tempUser(t, "unready-a", true) // not in pk-user
	b, userB := tempUser(t, "unready-b", true)
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	ub, _ := kc.GetUserByID(context.Background(), tok, realm, b)
	ub.EmailVerified = gocloak.BoolP(false)
	if err := kc.UpdateUser(context.Background(), tok, realm, *ub); err != nil {
		t.Fatal(err)
	}
	c, _, _ := login(t, "admin")

	_, body := stacktest.Get(t, c, livePortalURL+"/admin/readiness")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	for user, want := range map[string]string{userA: "not in the platform users' group", userB: "e-mail not verified",
		"dave": "e-mail not verified", "erin": "not in the platform users' group"} {
		row := doc.Find("tr[data-user=" + user + "]")
		if row.Find(`[data-problem="`+want+`"]`).Length() != 1 {
			t.Errorf("%s is not listed with %q: %q", user, want, row.Text())
		}
	}
	if doc.Find("tr[data-user=alice]").Length() != 0 {
		t.Error("alice, who can use the platform, is listed")
	}

	csrf := stacktest.FormValue(t, body, "csrf")
	resp, _ := stacktest.PostForm(t, c, livePortalURL+"/admin/readiness",
		url.Values{"csrf": {csrf}, "fix": {"add-to-platform"}, "user": {a, b}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("fix: %d", resp.StatusCode)
	}
	resp, body = stacktest.PostForm(t, c, livePortalURL+"/admin/readiness",
		url.Values{"csrf": {csrf}, "fix": {"verify-email"}, "user": {b}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("verify: %d", resp.StatusCode)
	}

	for _, id := range []string{a, b} {
		if !slices.Contains(groupsInKeycloak(t, id), "pk-user") {
			t.Errorf("user %s is not in pk-user after the fix", id)
		}
	}
	ub, _ = kc.GetUserByID(context.Background(), tok, realm, b)
	if !*ub.EmailVerified || *ub.FirstName != "Temp" {
		t.Errorf("after the fix: verified %v, first name %q; want verified and the name kept", *ub.EmailVerified, *ub.FirstName)
	}
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(body))
	if doc.Find("tr[data-user="+userA+"], tr[data-user="+userB+"]").Length() != 0 {
		t.Error("fixed users are still listed")
	}
}
