// Package keycloak is the portal's view of the realm's users, groups and
// roles, through Keycloak's admin API with the portal's own service
// account (client credentials).
package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/Nerzal/gocloak/v13"
)

// ErrTokenRefused means Keycloak issued the service account a token but
// the admin API refused it. On Keycloak 26.8 and later this happens when
// the client lacks the kc-admin-api client scope (the audience check).
var ErrTokenRefused = errors.New("keycloak: the admin API refused the portal's token " +
	"(check the service account's realm-management roles; on Keycloak 26.8 or later, " +
	"add the kc-admin-api client scope to the portal's client)")

// ErrUnavailable means Keycloak could not be reached or answered with a
// server error.
var ErrUnavailable = errors.New("keycloak: not reachable")

// Directory reads and changes the realm through the admin API.
type Directory struct {
	client       *gocloak.GoCloak
	baseURL      string
	realm        string
	clientID     string
	clientSecret string

	mu      sync.Mutex
	token   string
	expires time.Time

	groups groupIDs
}

// New returns a Directory for baseURL (with or without the /auth path).
func New(baseURL, realm, clientID, clientSecret string, timeout time.Duration) *Directory {
	c := gocloak.NewClient(baseURL)
	c.RestyClient().SetTimeout(timeout)
	// Pages make several calls at once; keeping that many connections
	// open saves a new connection per call (net/http keeps two by default).
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 16
	c.RestyClient().SetTransport(tr)
	return &Directory{client: c, baseURL: strings.TrimRight(baseURL, "/"), realm: realm, clientID: clientID, clientSecret: clientSecret}
}

// accessToken returns a cached service-account token, fetching a new one
// when the cached one is within 30 seconds of expiry.
func (d *Directory) accessToken(ctx context.Context) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.token != "" && time.Until(d.expires) > 30*time.Second {
		return d.token, nil
	}
	jwt, err := d.client.LoginClient(ctx, d.clientID, d.clientSecret, d.realm)
	if err != nil {
		return "", fmt.Errorf("service account login: %w", classify(err))
	}
	d.token, d.expires = jwt.AccessToken, time.Now().Add(time.Duration(jwt.ExpiresIn)*time.Second)
	return d.token, nil
}

// forgetToken drops the cached token after the admin API refused it, so
// the next call starts with a fresh one.
func (d *Directory) forgetToken() {
	d.mu.Lock()
	d.token = ""
	d.mu.Unlock()
}

// Ping checks that the service account can log in and read the realm.
func (d *Directory) Ping(ctx context.Context) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	if _, err := d.client.GetRealm(ctx, tok, d.realm); err != nil {
		return d.fail("read realm "+d.realm, err)
	}
	return nil
}

// classify turns a gocloak error into one of this package's errors where
// one fits. Keycloak's response body is never carried along: it may hold
// details a person should not see.
func classify(err error) error {
	var apiErr *gocloak.APIError
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	switch {
	case apiErr.Code == http.StatusUnauthorized || apiErr.Code == http.StatusForbidden:
		return ErrTokenRefused
	case apiErr.Code == http.StatusNotFound:
		return ErrNotFound
	case apiErr.Code == 0 || apiErr.Code >= 500:
		return fmt.Errorf("%w (status %d)", ErrUnavailable, apiErr.Code)
	default:
		return fmt.Errorf("keycloak: request refused (status %d)", apiErr.Code)
	}
}
