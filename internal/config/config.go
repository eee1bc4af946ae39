// Package config reads pkadmin's settings from environment variables.
//
// Every setting has a default here, in one place; the README's table is
// written from this file. Secrets also accept a *_FILE variant that names
// a file holding the value, so they can come from a mounted secret.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Defaults for every optional setting.
const (
	DefaultListenAddr      = "127.0.0.1:8080"
	DefaultPublicURL       = "http://localhost:8080"
	DefaultRealm           = "prokube"
	DefaultClientID        = "pkadmin"
	DefaultAdminGroup      = "pk-admin"
	DefaultHelpdeskGroup   = "pk-helpdesk"
	DefaultUserGroup       = "pk-user"
	DefaultDatabase        = "sqlite:pkadmin.db"
	DefaultSessionLifetime = 8 * time.Hour
	DefaultAccessRecheck   = 60 * time.Second
	DefaultRequestTimeout  = 30 * time.Second
	DefaultShutdownTimeout = 15 * time.Second
	DefaultLogFormat       = "json"
	DefaultLogLevel        = "info"
)

// Config holds every setting of the portal.
type Config struct {
	// ListenAddr is the address the HTTP server binds to
	// (PKADMIN_LISTEN_ADDR, default 127.0.0.1:8080; use :8080 in a container).
	ListenAddr string
	// PublicURL is the URL people use to reach the portal, without the
	// /admin path (PKADMIN_PUBLIC_URL, default http://localhost:8080). It
	// builds the OIDC redirect URI and decides whether cookies are Secure.
	PublicURL *url.URL
	// InsecureHTTP allows a plain-http PublicURL on a host other than
	// localhost (PKADMIN_INSECURE_ALLOW_PLAIN_HTTP, default false). Identity
	// administration over plain http leaks credentials; only for labs.
	InsecureHTTP bool

	// KeycloakURL is Keycloak's base URL, with or without the /auth
	// relative path (PKADMIN_KEYCLOAK_URL, required).
	KeycloakURL string
	// Realm is the realm that holds the platform's users
	// (PKADMIN_KEYCLOAK_REALM, default prokube).
	Realm string
	// ClientID is the portal's confidential client, used both for login
	// and, through its service account, for the admin API
	// (PKADMIN_OIDC_CLIENT_ID, default pkadmin).
	ClientID string
	// ClientSecret is that client's secret (PKADMIN_OIDC_CLIENT_SECRET or
	// PKADMIN_OIDC_CLIENT_SECRET_FILE, required).
	ClientSecret string

	// AdminGroup, HelpdeskGroup and UserGroup name the platform's groups
	// (PKADMIN_ADMIN_GROUP, PKADMIN_HELPDESK_GROUP, PKADMIN_USER_GROUP;
	// defaults pk-admin, pk-helpdesk, pk-user).
	AdminGroup    string
	HelpdeskGroup string
	UserGroup     string

	// MinIOEndpoint is MinIO's host:port (PKADMIN_MINIO_ENDPOINT, required).
	MinIOEndpoint string
	// MinIOAccessKey and MinIOSecretKey are an administrative credential
	// of MinIO (PKADMIN_MINIO_ACCESS_KEY, PKADMIN_MINIO_SECRET_KEY or
	// PKADMIN_MINIO_SECRET_KEY_FILE, both required).
	MinIOAccessKey string
	MinIOSecretKey string
	// MinIOTLS says whether MinIO is reached over https
	// (PKADMIN_MINIO_TLS, default false).
	MinIOTLS bool

	// Kubeconfig is the path of a kubeconfig file for the cluster
	// (PKADMIN_KUBECONFIG); empty means the in-cluster service account.
	Kubeconfig string

	// Database names the portal's own store (PKADMIN_DATABASE, default
	// sqlite:pkadmin.db). Only the sqlite: scheme is supported.
	Database string

	// SessionLifetime bounds a login session (PKADMIN_SESSION_LIFETIME,
	// default 8h).
	SessionLifetime time.Duration
	// AccessRecheck is how old a session's view of the person's groups may
	// get before it is read again from Keycloak (PKADMIN_ACCESS_RECHECK,
	// default 60s, at most 60s): someone removed from pk-admin loses
	// access within this time.
	AccessRecheck time.Duration
	// RequestTimeout bounds one request, calls to Keycloak, MinIO and the
	// cluster included (PKADMIN_REQUEST_TIMEOUT, default 30s).
	RequestTimeout time.Duration
	// ShutdownTimeout is how long open requests may finish on shutdown
	// (PKADMIN_SHUTDOWN_TIMEOUT, default 15s).
	ShutdownTimeout time.Duration

	// LogFormat is json or text (PKADMIN_LOG_FORMAT, default json).
	LogFormat string
	// LogLevel is debug, info, warn or error (PKADMIN_LOG_LEVEL, default info).
	LogLevel string

	// Names are the templates of users' and workspaces' buckets, policies
	// and Profiles (see Names).
	Names Names
	// Offboard are the settings of offboarding (see Offboard).
	Offboard Offboard
}

// Error is an invalid setting; its message names the variable.
type Error struct {
	Var    string
	Reason string
}

func (e *Error) Error() string { return e.Var + ": " + e.Reason }

// Load reads the configuration from the process environment.
func Load() (*Config, error) {
	return LoadFrom(os.Getenv)
}

// LoadFrom reads the configuration through getenv, so tests can pass a map.
func LoadFrom(getenv func(string) string) (*Config, error) {
	r := reader{getenv: getenv}
	c := &Config{
		ListenAddr:      r.str("PKADMIN_LISTEN_ADDR", DefaultListenAddr),
		InsecureHTTP:    r.boolean("PKADMIN_INSECURE_ALLOW_PLAIN_HTTP", false),
		KeycloakURL:     strings.TrimRight(r.required("PKADMIN_KEYCLOAK_URL"), "/"),
		Realm:           r.str("PKADMIN_KEYCLOAK_REALM", DefaultRealm),
		ClientID:        r.str("PKADMIN_OIDC_CLIENT_ID", DefaultClientID),
		ClientSecret:    r.secret("PKADMIN_OIDC_CLIENT_SECRET"),
		AdminGroup:      r.str("PKADMIN_ADMIN_GROUP", DefaultAdminGroup),
		HelpdeskGroup:   r.str("PKADMIN_HELPDESK_GROUP", DefaultHelpdeskGroup),
		UserGroup:       r.str("PKADMIN_USER_GROUP", DefaultUserGroup),
		MinIOEndpoint:   r.required("PKADMIN_MINIO_ENDPOINT"),
		MinIOAccessKey:  r.required("PKADMIN_MINIO_ACCESS_KEY"),
		MinIOSecretKey:  r.secret("PKADMIN_MINIO_SECRET_KEY"),
		MinIOTLS:        r.boolean("PKADMIN_MINIO_TLS", false),
		Kubeconfig:      r.str("PKADMIN_KUBECONFIG", ""),
		Database:        r.str("PKADMIN_DATABASE", DefaultDatabase),
		SessionLifetime: r.duration("PKADMIN_SESSION_LIFETIME", DefaultSessionLifetime),
		AccessRecheck:   r.duration("PKADMIN_ACCESS_RECHECK", DefaultAccessRecheck),
		RequestTimeout:  r.duration("PKADMIN_REQUEST_TIMEOUT", DefaultRequestTimeout),
		ShutdownTimeout: r.duration("PKADMIN_SHUTDOWN_TIMEOUT", DefaultShutdownTimeout),
		LogFormat:       r.str("PKADMIN_LOG_FORMAT", DefaultLogFormat),
		LogLevel:        r.str("PKADMIN_LOG_LEVEL", DefaultLogLevel),
		Names:           r.names(),
		Offboard:        r.offboard(),
	}
	c.PublicURL = r.url("PKADMIN_PUBLIC_URL", DefaultPublicURL)
	if r.err != nil {
		return nil, r.err
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) validate() error {
	if _, err := url.ParseRequestURI(c.KeycloakURL); err != nil {
		return &Error{"PKADMIN_KEYCLOAK_URL", "must be an absolute URL"}
	}
	if c.PublicURL.Scheme == "http" && !isLoopback(c.PublicURL.Hostname()) && !c.InsecureHTTP {
		return &Error{"PKADMIN_PUBLIC_URL",
			"is plain http on a host other than localhost; serve the portal over TLS " +
				"or set PKADMIN_INSECURE_ALLOW_PLAIN_HTTP=true for a lab"}
	}
	if c.AccessRecheck <= 0 || c.AccessRecheck > time.Minute {
		return &Error{"PKADMIN_ACCESS_RECHECK", "must be more than 0 and at most 60s"}
	}
	if !strings.HasPrefix(c.Database, "sqlite:") || c.Database == "sqlite:" {
		return &Error{"PKADMIN_DATABASE", `must be "sqlite:<path>"`}
	}
	switch c.LogFormat {
	case "json", "text":
	default:
		return &Error{"PKADMIN_LOG_FORMAT", `must be "json" or "text"`}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return &Error{"PKADMIN_LOG_LEVEL", "must be debug, info, warn or error"}
	}
	return nil
}

// SecureCookies says whether cookies must carry the Secure attribute.
func (c *Config) SecureCookies() bool { return c.PublicURL.Scheme == "https" }

// IssuerURL is the OIDC issuer of the realm.
func (c *Config) IssuerURL() string { return c.KeycloakURL + "/realms/" + url.PathEscape(c.Realm) }

// RedirectURL is where Keycloak sends the browser back after login.
func (c *Config) RedirectURL() string { return c.PublicURL.String() + "/admin/callback" }

// SQLitePath is the file of the embedded store.
func (c *Config) SQLitePath() string { return strings.TrimPrefix(c.Database, "sqlite:") }

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// reader collects the first error while reading variables.
type reader struct {
	getenv func(string) string
	err    error
}

func (r *reader) fail(name, reason string) {
	if r.err == nil {
		r.err = &Error{name, reason}
	}
}

func (r *reader) str(name, def string) string {
	if v := strings.TrimSpace(r.getenv(name)); v != "" {
		return v
	}
	return def
}

func (r *reader) required(name string) string {
	v := r.str(name, "")
	if v == "" {
		r.fail(name, "is required")
	}
	return v
}

// secret reads name, or the file named by name_FILE; one of them is required.
func (r *reader) secret(name string) string {
	v, file := r.getenv(name), strings.TrimSpace(r.getenv(name+"_FILE"))
	switch {
	case v != "" && file != "":
		r.fail(name, "is set twice, directly and through "+name+"_FILE; set one")
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			r.fail(name+"_FILE", "cannot be read: "+errors.Unwrap(err).Error())
			return ""
		}
		v = strings.TrimRight(string(b), "\r\n")
	}
	if v == "" {
		r.fail(name, "is required (or "+name+"_FILE)")
	}
	return v
}

func (r *reader) boolean(name string, def bool) bool {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.fail(name, "must be true or false")
	}
	return b
}

func (r *reader) duration(name string, def time.Duration) time.Duration {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		r.fail(name, fmt.Sprintf("must be a duration such as %s", def))
	}
	return d
}

func (r *reader) url(name, def string) *url.URL {
	v := strings.TrimRight(r.str(name, def), "/")
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.fail(name, "must be an http or https URL")
		return &url.URL{}
	}
	if u.Path != "" {
		r.fail(name, "must not have a path; the portal is served under /admin")
	}
	return u
}
