package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/Nerzal/gocloak/v13"
)

// ErrConflict means a user with that username or e-mail already exists.
var ErrConflict = errors.New("keycloak: already exists")

// NewUser is everything the onboarding form creates in one call.
type NewUser struct {
	Username        string
	Email           string
	FirstName       string
	LastName        string
	EmailVerified   bool
	RequiredActions []string
	// Groups are top-level group names the user joins.
	Groups []string
	// TemporaryPassword must be changed at the first login.
	TemporaryPassword string
}

// Taken says whether the username or the e-mail is already in use.
func (d *Directory) Taken(ctx context.Context, username, email string) (userTaken, emailTaken bool, err error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return false, false, err
	}
	byName, err := d.client.GetUsers(ctx, tok, d.realm, gocloak.GetUsersParams{
		Username: &username, Exact: gocloak.BoolP(true), BriefRepresentation: gocloak.BoolP(true)})
	if err != nil {
		return false, false, d.fail("look up username", err)
	}
	byMail, err := d.client.GetUsers(ctx, tok, d.realm, gocloak.GetUsersParams{
		Email: &email, Exact: gocloak.BoolP(true), BriefRepresentation: gocloak.BoolP(true)})
	if err != nil {
		return false, false, d.fail("look up e-mail", err)
	}
	return len(byName) > 0, len(byMail) > 0, nil
}

// CreateUser creates an enabled user with groups, required actions and a
// temporary password in a single admin-API call, so either all of it
// exists afterwards or none of it does.
func (d *Directory) CreateUser(ctx context.Context, u NewUser) (string, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return "", err
	}
	groups := make([]string, len(u.Groups))
	for i, g := range u.Groups {
		groups[i] = "/" + g
	}
	actions := append([]string{}, u.RequiredActions...)
	rep := gocloak.User{
		Username: &u.Username, Email: &u.Email, FirstName: &u.FirstName, LastName: &u.LastName,
		Enabled: gocloak.BoolP(true), EmailVerified: &u.EmailVerified, RequiredActions: &actions,
		Groups: &groups,
		Credentials: &[]gocloak.CredentialRepresentation{{Type: gocloak.StringP("password"),
			Value: &u.TemporaryPassword, Temporary: gocloak.BoolP(true)}},
	}
	id, err := d.client.CreateUser(ctx, tok, d.realm, rep)
	if err != nil {
		var apiErr *gocloak.APIError
		if errors.As(err, &apiErr) && apiErr.Code == http.StatusConflict {
			return "", fmt.Errorf("create user %s: %w", u.Username, ErrConflict)
		}
		return "", d.fail("create user", err)
	}
	return id, nil
}

// SMTPConfigured says whether the realm has an SMTP server, without which
// Keycloak cannot send e-mails.
func (d *Directory) SMTPConfigured(ctx context.Context) (bool, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return false, err
	}
	r, err := d.client.GetRealm(ctx, tok, d.realm)
	if err != nil {
		return false, d.fail("read realm", err)
	}
	return r.SMTPServer != nil && (*r.SMTPServer)["host"] != "", nil
}
