// Package auth signs people in through the realm's OIDC provider and
// keeps their server-side sessions. Tokens live only in the store; the
// browser holds a random session ID in an HttpOnly cookie.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/prokube/pkadmin/internal/store"
)

// CookieName is the session cookie's name.
const CookieName = "pkadmin_session"

// loginTimeout bounds how long a started login may take to come back.
const loginTimeout = 10 * time.Minute

// Session is what the portal remembers about one browser. Before login
// completes it holds only the pending login; afterwards the person's
// identity and tokens.
type Session struct {
	// Pending login: state, nonce and PKCE verifier, and where to go after.
	State    string `json:"state,omitempty"`
	Nonce    string `json:"nonce,omitempty"`
	Verifier string `json:"verifier,omitempty"`
	Next     string `json:"next,omitempty"`

	// Signed-in person.
	Subject  string   `json:"sub,omitempty"`
	Username string   `json:"username,omitempty"`
	Name     string   `json:"name,omitempty"`
	Groups   []string `json:"groups,omitempty"`
	// CheckedAt is when Groups were last read from Keycloak.
	CheckedAt    time.Time `json:"checked_at"`
	IDToken      string    `json:"id_token,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	CSRFToken    string    `json:"csrf,omitempty"`

	key     string
	expires time.Time
}

// SignedIn says whether the session belongs to a person who logged in.
func (s *Session) SignedIn() bool { return s != nil && s.Subject != "" }

// CheckCSRF compares a submitted token with the session's in constant time.
func (s *Session) CheckCSRF(token string) bool {
	return s.CSRFToken != "" && subtle.ConstantTimeCompare([]byte(s.CSRFToken), []byte(token)) == 1
}

// Sessions loads and saves sessions through the store and the cookie.
type Sessions struct {
	Store    store.SessionStore
	Lifetime time.Duration
	Secure   bool
}

// Load returns the request's session, or nil when there is none.
func (m *Sessions) Load(ctx context.Context, r *http.Request) (*Session, error) {
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	rec, err := m.Store.GetSession(ctx, digest(c.Value))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s Session
	if err := json.Unmarshal(rec.Data, &s); err != nil {
		return nil, fmt.Errorf("decode session: %w", err)
	}
	s.key, s.expires = rec.Key, rec.ExpiresAt
	return &s, nil
}

// StartLogin creates a short-lived session for a login about to begin and
// sets its cookie.
func (m *Sessions) StartLogin(ctx context.Context, w http.ResponseWriter, next string) (*Session, error) {
	s := &Session{State: randomToken(), Nonce: randomToken(), Verifier: randomToken() + randomToken(),
		Next: next}
	return s, m.create(ctx, w, s, loginTimeout)
}

// Establish replaces the pending-login session with a new one under a new
// ID, so an ID seen before login is worthless after it.
func (m *Sessions) Establish(ctx context.Context, w http.ResponseWriter, old, s *Session) error {
	if old != nil {
		if err := m.Store.DeleteSession(ctx, old.key); err != nil {
			return err
		}
	}
	s.CSRFToken = randomToken()
	return m.create(ctx, w, s, m.Lifetime)
}

// Save writes back a changed session, keeping its ID and expiry.
func (m *Sessions) Save(ctx context.Context, s *Session) error {
	data, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode session: %w", err)
	}
	return m.Store.PutSession(ctx, store.Session{Key: s.key, Data: data, ExpiresAt: s.expires})
}

// Destroy removes the session and clears its cookie.
func (m *Sessions) Destroy(ctx context.Context, w http.ResponseWriter, s *Session) error {
	m.setCookie(w, "", -1)
	if s == nil {
		return nil
	}
	return m.Store.DeleteSession(ctx, s.key)
}

func (m *Sessions) create(ctx context.Context, w http.ResponseWriter, s *Session, life time.Duration) error {
	id := randomToken()
	s.key, s.expires = digest(id), time.Now().Add(life)
	if err := m.Save(ctx, s); err != nil {
		return err
	}
	m.setCookie(w, id, int(life.Seconds()))
	return nil
}

func (m *Sessions) setCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: value, Path: "/admin", MaxAge: maxAge,
		HttpOnly: true, Secure: m.Secure, SameSite: http.SameSiteLaxMode,
	})
}

// randomToken returns 256 bits from the system's CSPRNG, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func digest(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}
