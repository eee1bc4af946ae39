package auth

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// ErrLoginExpired means Keycloak no longer honours the session's refresh
// token (the person logged out elsewhere, or the session was ended): the
// person must log in again.
var ErrLoginExpired = errors.New("auth: the Keycloak session has ended")

// Identity is what the ID token says about the person.
type Identity struct {
	Subject  string   `json:"sub"`
	Username string   `json:"preferred_username"`
	Name     string   `json:"name"`
	Groups   []string `json:"groups"`
}

// Tokens are the tokens kept in the server-side session.
type Tokens struct {
	IDToken      string
	RefreshToken string
}

// Provider talks to the realm's OIDC endpoints. Discovery happens on
// first use and is retried until it succeeds, so the portal starts even
// while Keycloak is still coming up.
type Provider struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string

	mu         sync.Mutex
	provider   *oidc.Provider
	endSession string
}

func (p *Provider) discover(ctx context.Context) (*oidc.Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.provider != nil {
		return p.provider, nil
	}
	prov, err := oidc.NewProvider(ctx, p.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discover OIDC issuer: %w", err)
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := prov.Claims(&extra); err != nil {
		return nil, fmt.Errorf("read OIDC discovery document: %w", err)
	}
	p.provider, p.endSession = prov, extra.EndSession
	return prov, nil
}

func (p *Provider) config(prov *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID: p.ClientID, ClientSecret: p.ClientSecret, RedirectURL: p.RedirectURL,
		Endpoint: prov.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile", "email"},
	}
}

// AuthCodeURL is where the browser goes to log in, with state, nonce and
// a PKCE (S256) challenge.
func (p *Provider) AuthCodeURL(ctx context.Context, s *Session) (string, error) {
	prov, err := p.discover(ctx)
	if err != nil {
		return "", err
	}
	return p.config(prov).AuthCodeURL(s.State, oidc.Nonce(s.Nonce),
		oauth2.S256ChallengeOption(s.Verifier)), nil
}

// Exchange trades the authorization code for tokens and verifies the ID
// token, its nonce included.
func (p *Provider) Exchange(ctx context.Context, code string, s *Session) (Identity, Tokens, error) {
	prov, err := p.discover(ctx)
	if err != nil {
		return Identity{}, Tokens{}, err
	}
	tok, err := p.config(prov).Exchange(ctx, code, oauth2.VerifierOption(s.Verifier))
	if err != nil {
		return Identity{}, Tokens{}, fmt.Errorf("exchange code: %w", err)
	}
	id, raw, err := p.verify(ctx, prov, tok)
	if err != nil {
		return Identity{}, Tokens{}, err
	}
	if id.Nonce != s.Nonce {
		return Identity{}, Tokens{}, errors.New("ID token nonce does not match the login")
	}
	return identityFrom(id, raw, tok.RefreshToken)
}

// Refresh uses the refresh token to read the person's current groups.
func (p *Provider) Refresh(ctx context.Context, refreshToken string) (Identity, Tokens, error) {
	prov, err := p.discover(ctx)
	if err != nil {
		return Identity{}, Tokens{}, err
	}
	src := p.config(prov).TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken})
	tok, err := src.Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.ErrorCode == "invalid_grant" {
			return Identity{}, Tokens{}, ErrLoginExpired
		}
		return Identity{}, Tokens{}, fmt.Errorf("refresh token: %w", err)
	}
	id, raw, err := p.verify(ctx, prov, tok)
	if err != nil {
		return Identity{}, Tokens{}, err
	}
	return identityFrom(id, raw, tok.RefreshToken)
}

// EndSessionURL is Keycloak's RP-initiated logout, which ends the
// Keycloak session and comes back to postLogout.
func (p *Provider) EndSessionURL(ctx context.Context, idToken, postLogout string) (string, error) {
	if _, err := p.discover(ctx); err != nil {
		return "", err
	}
	if p.endSession == "" {
		return "", errors.New("the issuer has no end_session_endpoint")
	}
	q := url.Values{"client_id": {p.ClientID}, "post_logout_redirect_uri": {postLogout}}
	if idToken != "" {
		q.Set("id_token_hint", idToken)
	}
	return p.endSession + "?" + q.Encode(), nil
}

func (p *Provider) verify(ctx context.Context, prov *oidc.Provider, tok *oauth2.Token) (*oidc.IDToken, string, error) {
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return nil, "", errors.New("token response has no ID token")
	}
	id, err := prov.Verifier(&oidc.Config{ClientID: p.ClientID}).Verify(ctx, raw)
	if err != nil {
		return nil, "", fmt.Errorf("verify ID token: %w", err)
	}
	return id, raw, nil
}

func identityFrom(id *oidc.IDToken, raw, refresh string) (Identity, Tokens, error) {
	var who Identity
	if err := id.Claims(&who); err != nil {
		return Identity{}, Tokens{}, fmt.Errorf("read ID token claims: %w", err)
	}
	if who.Subject == "" {
		return Identity{}, Tokens{}, errors.New("ID token has no subject")
	}
	return who, Tokens{IDToken: raw, RefreshToken: refresh}, nil
}
