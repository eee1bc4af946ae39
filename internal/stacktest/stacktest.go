// Package stacktest helps integration tests use the local stack that
// `make test` starts (see cmd/pkstack). A test that needs the stack fails
// when its settings are missing: it never skips.
package stacktest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"github.com/PuerkitoBio/goquery"
)

// Getenv returns a stack setting, failing the test when it is missing.
func Getenv(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: this test needs the local stack; run it through `make test`", name)
	}
	return v
}

// Browser is an HTTP client with cookies that does not follow redirects
// by itself, so tests can see each hop.
func Browser(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Follow issues a request and follows redirects, returning the last
// response with its body read.
func Follow(t testing.TB, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	for range 20 {
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", req.Method, req.URL, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode < 300 || resp.StatusCode >= 400 {
			return resp, string(body)
		}
		next, err := req.URL.Parse(resp.Header.Get("Location"))
		if err != nil {
			t.Fatalf("bad redirect from %s: %v", req.URL, err)
		}
		req, _ = http.NewRequest(http.MethodGet, next.String(), nil)
	}
	t.Fatalf("too many redirects from %s", req.URL)
	return nil, ""
}

// Get follows a GET of url.
func Get(t testing.TB, c *http.Client, url string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Follow(t, c, req)
}

// PostForm follows a POST of form values to url.
func PostForm(t testing.TB, c *http.Client, target string, form url.Values) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return Follow(t, c, req)
}

// IsKeycloakLogin says whether an HTML page is Keycloak's login form.
func IsKeycloakLogin(body string) bool {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	return err == nil && doc.Find("form#kc-form-login input[name=password]").Length() == 1
}

// Login opens portalURL/admin in a new client, fills Keycloak's login
// form with the given credentials, and returns the client (now holding
// the portal's session cookie) and the page it lands on.
func Login(t testing.TB, portalURL, username, password string) (*http.Client, *http.Response, string) {
	t.Helper()
	c := Browser(t)
	_, body := Get(t, c, portalURL+"/admin")
	if !IsKeycloakLogin(body) {
		t.Fatalf("opening %s/admin did not lead to Keycloak's login form", portalURL)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	action, _ := doc.Find("form#kc-form-login").Attr("action")
	resp, page := PostForm(t, c, action, url.Values{"username": {username}, "password": {password},
		"credentialId": {""}})
	if resp.Request.URL.Host == "" || !strings.HasPrefix(resp.Request.URL.String(), portalURL) {
		t.Fatalf("login as %s ended at %s, not at the portal", username, resp.Request.URL)
	}
	return c, resp, page
}

// FormValue returns the value of the first input with the given name.
func FormValue(t testing.TB, body, name string) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	v, ok := doc.Find(fmt.Sprintf("input[name=%q]", name)).First().Attr("value")
	if !ok {
		t.Fatalf("the page has no input named %q", name)
	}
	return v
}

// KeycloakAdmin returns a gocloak client and a master-realm admin token,
// for reading and changing Keycloak independently of the portal.
func KeycloakAdmin(t testing.TB) (*gocloak.GoCloak, string) {
	t.Helper()
	kc := gocloak.NewClient(Getenv(t, "PKADMIN_KEYCLOAK_URL"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tok, err := kc.LoginAdmin(ctx, Getenv(t, "PKSTACK_KEYCLOAK_ADMIN"),
		Getenv(t, "PKSTACK_KEYCLOAK_ADMIN_PASSWORD"), "master")
	if err != nil {
		t.Fatalf("log in to Keycloak's master realm: %v", err)
	}
	return kc, tok.AccessToken
}
