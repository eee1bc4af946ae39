//go:build integration

package web

import (
	"context"
	"strings"
	"testing"

	"github.com/Nerzal/gocloak/v13"
	"github.com/PuerkitoBio/goquery"

	"github.com/prokube/pkadmin/internal/stacktest"
)

// providersRole is the realm-management role that lets the portal list
// the realm's identity providers.
const providersRole = "view-identity-providers"

// clientUUID finds a client of the realm by its client ID.
func clientUUID(t *testing.T, kc *gocloak.GoCloak, tok, realm, clientID string) string {
	t.Helper()
	cs, err := kc.GetClients(context.Background(), tok, realm, gocloak.GetClientsParams{ClientID: &clientID})
	if err != nil || len(cs) != 1 {
		t.Fatalf("find client %s: %v (%d found)", clientID, err, len(cs))
	}
	return gocloak.PString(cs[0].ID)
}

// portalProvidersRole says whether the portal's service account holds
// the role that lists identity providers, and returns a function that
// grants it until the test ends.
func portalProvidersRole(t *testing.T) (held bool, grant func()) {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	ctx := context.Background()
	sa, err := kc.GetClientServiceAccount(ctx, tok, realm,
		clientUUID(t, kc, tok, realm, stacktest.Getenv(t, "PKADMIN_OIDC_CLIENT_ID")))
	if err != nil {
		t.Fatalf("read the portal's service account: %v", err)
	}
	saID, rm := gocloak.PString(sa.ID), clientUUID(t, kc, tok, realm, "realm-management")
	roles, err := kc.GetClientRolesByUserID(ctx, tok, realm, rm, saID)
	if err != nil {
		t.Fatalf("read the service account's roles: %v", err)
	}
	for _, r := range roles {
		if gocloak.PString(r.Name) == providersRole {
			held = true
		}
	}
	return held, func() {
		role, err := kc.GetClientRole(ctx, tok, realm, rm, providersRole)
		if err != nil {
			t.Fatalf("read role %s: %v", providersRole, err)
		}
		if err := kc.AddClientRolesToUser(ctx, tok, realm, rm, saID, []gocloak.Role{*role}); err != nil {
			t.Fatalf("grant %s: %v", providersRole, err)
		}
		t.Cleanup(func() { _ = kc.DeleteClientRolesFromUser(ctx, tok, realm, rm, saID, []gocloak.Role{*role}) })
	}
}

// tempProvider creates an OIDC identity provider pointing at Keycloak's
// own master realm (it is never used to log in) and deletes it after the
// test.
func tempProvider(t *testing.T) string {
	t.Helper()
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	ctx := context.Background()
	alias := "it-idp-" + roleSuffix()
	master := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_URL") + "/realms/master/protocol/openid-connect"
	_, err := kc.CreateIdentityProvider(ctx, tok, realm, gocloak.IdentityProviderRepresentation{
		Alias: &alias, ProviderID: gocloak.StringP("oidc"), Enabled: gocloak.BoolP(true),
		Config: &map[string]string{"authorizationUrl": master + "/auth", "tokenUrl": master + "/token",
			"clientId": "it-broker", "clientSecret": "it-broker-secret",
			"clientAuthMethod": "client_secret_post"}})
	if err != nil {
		t.Fatalf("create identity provider: %v", err)
	}
	t.Cleanup(func() { _ = kc.DeleteIdentityProvider(ctx, tok, realm, alias) })
	return alias
}

// sourceOf reads the readiness page's source cell of a user.
func sourceOf(t *testing.T, body, username string) (*goquery.Document, *goquery.Selection) {
	t.Helper()
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	row := doc.Find("tr[data-user=" + username + "]")
	if row.Length() != 1 {
		t.Fatalf("%s is not listed on the readiness page", username)
	}
	return doc, row.Find("[data-source]")
}

func TestReadinessMarksUsersBroughtByAnIdentityProvider(t *testing.T) {
	livePortal(t)
	alias := tempProvider(t)
	id, username := tempUser(t, "idp-unready", true) // not in pk-user
	kc, tok := stacktest.KeycloakAdmin(t)
	realm := stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM")
	if err := kc.CreateUserFederatedIdentity(context.Background(), tok, realm, id, alias,
		gocloak.FederatedIdentityRepresentation{IdentityProvider: &alias,
			UserID: gocloak.StringP("ext-" + username), UserName: &username}); err != nil {
		t.Fatalf("link the user to %s: %v", alias, err)
	}
	_, localName := tempUser(t, "idp-local", true)
	c, _, _ := login(t, "admin")

	if held, grant := portalProvidersRole(t); !held {
		// Without the role the page still lists the user, unmarked, with a note.
		_, body := stacktest.Get(t, c, livePortalURL+"/admin/readiness")
		doc, src := sourceOf(t, body, username)
		note := doc.Find("[data-testid=providers-note]").Text()
		if src.AttrOr("data-source", "") != "local" || !strings.Contains(note, providersRole) {
			t.Errorf("without %s: source %q, note %q; want local and a note naming the role",
				providersRole, src.AttrOr("data-source", ""), note)
		}
		t.Logf("the portal's service account lacks realm-management %s; granted for the test", providersRole)
		grant()
	}

	_, body := stacktest.Get(t, c, livePortalURL+"/admin/readiness")
	doc, src := sourceOf(t, body, username)
	marked := src.AttrOr("data-provider", "") == alias
	if !marked || !strings.Contains(src.Text(), "from identity provider "+alias) {
		t.Errorf("%s's source is %q, want from identity provider %s", username, src.Text(), alias)
	}
	if doc.Find("[data-testid=providers-note]").Length() != 0 {
		t.Errorf("the note about unreadable providers is shown although they are readable")
	}
	if _, other := sourceOf(t, body, localName); other.AttrOr("data-source", "") != "local" {
		t.Errorf("the unlinked user %s is not shown as local", localName)
	}
}
