package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	base := map[string]string{
		"PKADMIN_KEYCLOAK_URL":       "https://id.example.org/auth/",
		"PKADMIN_OIDC_CLIENT_SECRET": "s3cret",
		"PKADMIN_MINIO_ENDPOINT":     "minio:9000",
		"PKADMIN_MINIO_ACCESS_KEY":   "admin",
		"PKADMIN_MINIO_SECRET_KEY":   "minio-secret",
	}
	for k, v := range m {
		base[k] = v
	}
	return func(k string) string { return base[k] }
}

func TestDefaultsApplyWhenOnlyRequiredSettingsAreGiven(t *testing.T) {
	c, err := LoadFrom(env(nil))
	if err != nil {
		t.Fatalf("LoadFrom: %v", err)
	}
	if c.Realm != DefaultRealm || c.AccessRecheck != time.Minute || c.ListenAddr != DefaultListenAddr {
		t.Errorf("defaults not applied: realm %q, recheck %v, listen %q", c.Realm, c.AccessRecheck, c.ListenAddr)
	}
	if got, want := c.IssuerURL(), "https://id.example.org/auth/realms/prokube"; got != want {
		t.Errorf("IssuerURL = %q, want %q", got, want)
	}
	if got, want := c.RedirectURL(), "http://localhost:8080/admin/callback"; got != want {
		t.Errorf("RedirectURL = %q, want %q", got, want)
	}
}

func TestKeycloakURLWorksWithoutAuthPath(t *testing.T) {
	c, err := LoadFrom(env(map[string]string{"PKADMIN_KEYCLOAK_URL": "https://id.example.org"}))
	if err != nil {
		t.Fatalf("LoadFrom: %v", err)
	}
	if got, want := c.IssuerURL(), "https://id.example.org/realms/prokube"; got != want {
		t.Errorf("IssuerURL = %q, want %q", got, want)
	}
}

func TestInvalidSettingNamesItsVariable(t *testing.T) {
	cases := map[string]map[string]string{
		"PKADMIN_KEYCLOAK_URL":       {"PKADMIN_KEYCLOAK_URL": ""},
		"PKADMIN_OIDC_CLIENT_SECRET": {"PKADMIN_OIDC_CLIENT_SECRET": ""},
		"PKADMIN_ACCESS_RECHECK":     {"PKADMIN_ACCESS_RECHECK": "5m"},
		"PKADMIN_SESSION_LIFETIME":   {"PKADMIN_SESSION_LIFETIME": "forever"},
		"PKADMIN_MINIO_TLS":          {"PKADMIN_MINIO_TLS": "perhaps"},
		"PKADMIN_PUBLIC_URL":         {"PKADMIN_PUBLIC_URL": "http://admin.example.org"},
		"PKADMIN_DATABASE":           {"PKADMIN_DATABASE": "postgres://x"},
		"PKADMIN_LOG_FORMAT":         {"PKADMIN_LOG_FORMAT": "xml"},
	}
	for want, m := range cases {
		_, err := LoadFrom(env(m))
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != want {
			t.Errorf("with %v: err = %v, want one naming %s", m, err, want)
		}
	}
}

func TestPlainHTTPOffLocalhostNeedsTheLoudSetting(t *testing.T) {
	m := map[string]string{"PKADMIN_PUBLIC_URL": "http://admin.lab.internal"}
	if _, err := LoadFrom(env(m)); err == nil {
		t.Fatal("plain http on a real host was accepted without PKADMIN_INSECURE_ALLOW_PLAIN_HTTP")
	}
	m["PKADMIN_INSECURE_ALLOW_PLAIN_HTTP"] = "true"
	c, err := LoadFrom(env(m))
	if err != nil || c.SecureCookies() {
		t.Fatalf("with the insecure setting: err %v, secure cookies %v; want accepted, not secure", err, c.SecureCookies())
	}
	c, err = LoadFrom(env(map[string]string{"PKADMIN_PUBLIC_URL": "https://admin.example.org"}))
	if err != nil || !c.SecureCookies() {
		t.Fatalf("https public URL: err %v, secure cookies %v; want secure", err, c != nil && c.SecureCookies())
	}
}

func TestSecretComesFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(path, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := LoadFrom(env(map[string]string{"PKADMIN_OIDC_CLIENT_SECRET": "",
		"PKADMIN_OIDC_CLIENT_SECRET_FILE": path}))
	if err != nil {
		t.Fatalf("LoadFrom: %v", err)
	}
	if c.ClientSecret != "from-file" {
		t.Errorf("ClientSecret = %q, want the file's content without the newline", c.ClientSecret)
	}

	_, err = LoadFrom(env(map[string]string{"PKADMIN_OIDC_CLIENT_SECRET_FILE": path}))
	if err == nil {
		t.Error("a secret given both directly and by file was accepted")
	}
}

func TestNameTemplatesFillTheUserAndWorkspace(t *testing.T) {
	c, err := LoadFrom(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Names.UserBucketNames("alice"), ","); got != "alice-mlpipeline,alice-data" {
		t.Errorf("user buckets = %s", got)
	}
	if got := c.Names.WorkspacePolicyNames("vision"); len(got) != 1 || got[0] != "workspace-vision" {
		t.Errorf("workspace policies = %v", got)
	}
	if got := c.Names.UserProfileName("bob"); got != "bob" {
		t.Errorf("user profile = %s", got)
	}
}

func TestNameTemplateWithoutPlaceholderIsRefused(t *testing.T) {
	_, err := LoadFrom(env(map[string]string{"PKADMIN_USER_BUCKETS": "{user}-data,shared"}))
	var ce *Error
	if !errors.As(err, &ce) || ce.Var != "PKADMIN_USER_BUCKETS" {
		t.Fatalf("err = %v, want one naming PKADMIN_USER_BUCKETS", err)
	}
}
