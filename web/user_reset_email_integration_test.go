//go:build integration

package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/prokube/pkadmin/internal/stacktest"
)

func TestHelpdeskSendsResetEmailWithChosenLifetime(t *testing.T) {
	livePortal(t)
	id, username := tempUser(t, "mailreset", true)
	address := username + "@example.org"
	seen := stacktest.MailsTo(t, address)
	c, _, _ := login(t, "helpdesk")

	_, page := stacktest.Get(t, c, livePortalURL+"/admin/users/"+id)
	resp, body := stacktest.PostForm(t, c, livePortalURL+"/admin/users/"+id+"/reset-email",
		url.Values{"csrf": {stacktest.FormValue(t, page, "csrf")}, "lifespan": {"1h"}, "otp": {"yes"}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "The reset e-mail was sent.") {
		t.Fatalf("send: %d, want the confirmation", resp.StatusCode)
	}

	link := stacktest.ActionLink(t, stacktest.WaitForMail(t, address, seen))
	if got := stacktest.LinkLifetime(t, link); got != time.Hour {
		t.Errorf("the link is valid for %s, want the chosen 1h", got)
	}
	resp, kcPage := stacktest.Get(t, stacktest.Browser(t), link)
	if resp.StatusCode != http.StatusOK || strings.Contains(strings.ToLower(kcPage), "expired") {
		t.Errorf("opening the fresh link: %d, expired: %v", resp.StatusCode, strings.Contains(kcPage, "xpired"))
	}
}

func TestExpiredResetLinkIsRefusedByKeycloak(t *testing.T) {
	livePortal(t)
	id, username := tempUser(t, "expired", true)
	address := username + "@example.org"
	seen := stacktest.MailsTo(t, address)

	// The portal offers an hour at least; Keycloak's own API sends a link
	// that lives one second, to see what a person meets after the lifetime.
	kc, tok := stacktest.KeycloakAdmin(t)
	if err := kc.ExecuteActionsEmail(context.Background(), tok, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"),
		gocloak.ExecuteActionsEmail{UserID: &id, Lifespan: gocloak.IntP(1),
			Actions: &[]string{"UPDATE_PASSWORD"}}); err != nil {
		t.Fatal(err)
	}
	link := stacktest.ActionLink(t, stacktest.WaitForMail(t, address, seen))
	time.Sleep(3 * time.Second)

	_, page := stacktest.Get(t, stacktest.Browser(t), link)
	if strings.Contains(page, "password-new") || !strings.Contains(strings.ToLower(page), "expired") {
		t.Errorf("an expired link was not refused as expired")
	}
}

func TestResetEmailIsUnavailableWithoutSMTP(t *testing.T) {
	livePortal(t)
	id, username := tempUser(t, "nosmtp", true)
	kc, tok := stacktest.KeycloakAdmin(t)
	ctx := context.Background()
	realmName := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	realm, err := kc.GetRealm(ctx, tok, realmName)
	if err != nil {
		t.Fatal(err)
	}
	saved := *realm.SMTPServer
	realm.SMTPServer = &map[string]string{}
	if err := kc.UpdateRealm(ctx, tok, *realm); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		realm.SMTPServer = &saved
		_ = kc.UpdateRealm(ctx, tok, *realm)
	})
	seen := stacktest.MailsTo(t, username+"@example.org")
	c, _, _ := login(t, "helpdesk")

	_, page := stacktest.Get(t, c, livePortalURL+"/admin/users/"+id)
	if !strings.Contains(page, `data-testid="email-disabled"`) {
		t.Error("the user's page does not say why the reset e-mail is unavailable")
	}
	resp, _ := stacktest.PostForm(t, c, livePortalURL+"/admin/users/"+id+"/reset-email",
		url.Values{"csrf": {stacktest.FormValue(t, page, "csrf")}, "lifespan": {"1h"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("sending without SMTP: %d, want 422", resp.StatusCode)
	}
	if got := stacktest.MailsTo(t, username+"@example.org"); len(got) != len(seen) {
		t.Error("an e-mail was sent although the realm has no SMTP server")
	}
}
