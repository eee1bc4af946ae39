package keycloak

import (
	"context"
	"sort"
	"time"

	"github.com/Nerzal/gocloak/v13"
)

// SignInState is what a user has set up to log in, and where they are
// logged in now.
type SignInState struct {
	HasPassword bool
	HasOTP      bool
	Sessions    []Session
}

// Session is one active Keycloak session of a user.
type Session struct {
	Started    time.Time
	LastAccess time.Time
	IPAddress  string
}

// GroupRef names a group and carries its ID.
type GroupRef struct {
	ID   string
	Name string
}

// Details is a user with their groups and sign-in state, for the user's page.
type Details struct {
	User
	Groups   []string
	GroupIDs []GroupRef
	SignIn   SignInState
}

// UserDetails reads a user, their groups, credentials and sessions.
func (d *Directory) UserDetails(ctx context.Context, id string) (Details, error) {
	u, err := d.GetUser(ctx, id)
	if err != nil {
		return Details{}, err
	}
	tok, err := d.accessToken(ctx)
	if err != nil {
		return Details{}, err
	}
	det := Details{User: u}

	groups, err := d.client.GetUserGroups(ctx, tok, d.realm, id, gocloak.GetGroupsParams{})
	if err != nil {
		return Details{}, d.fail("groups of user", err)
	}
	for _, g := range groups {
		det.Groups = append(det.Groups, gocloak.PString(g.Name))
		det.GroupIDs = append(det.GroupIDs, GroupRef{ID: gocloak.PString(g.ID), Name: gocloak.PString(g.Name)})
	}
	sort.Strings(det.Groups)

	creds, err := d.client.GetCredentials(ctx, tok, d.realm, id)
	if err != nil {
		return Details{}, d.fail("credentials of user", err)
	}
	for _, c := range creds {
		switch gocloak.PString(c.Type) {
		case "password":
			det.SignIn.HasPassword = true
		case "otp":
			det.SignIn.HasOTP = true
		}
	}

	sessions, err := d.client.GetUserSessions(ctx, tok, d.realm, id)
	if err != nil {
		return Details{}, d.fail("sessions of user", err)
	}
	for _, s := range sessions {
		det.SignIn.Sessions = append(det.SignIn.Sessions, Session{
			Started:    time.UnixMilli(gocloak.PInt64(s.Start)),
			LastAccess: time.UnixMilli(gocloak.PInt64(s.LastAccess)),
			IPAddress:  gocloak.PString(s.IPAddress),
		})
	}
	return det, nil
}

// SetTemporaryPassword gives the user a password they must change at
// their next login.
func (d *Directory) SetTemporaryPassword(ctx context.Context, id, password string) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	if err := d.client.SetPassword(ctx, tok, id, d.realm, password, true); err != nil {
		return d.fail("set temporary password", err)
	}
	return nil
}

// LogoutEverywhere ends every session of the user.
func (d *Directory) LogoutEverywhere(ctx context.Context, id string) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	if err := d.client.LogoutAllSessions(ctx, tok, d.realm, id); err != nil {
		return d.fail("end sessions", err)
	}
	return nil
}

// SendActionsEmail has Keycloak e-mail the user a link to perform the
// actions (such as UPDATE_PASSWORD); the link expires after lifespan.
func (d *Directory) SendActionsEmail(ctx context.Context, id string, actions []string, lifespan time.Duration) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	secs := int(lifespan.Seconds())
	err = d.client.ExecuteActionsEmail(ctx, tok, d.realm, gocloak.ExecuteActionsEmail{
		UserID: &id, Lifespan: &secs, Actions: &actions})
	if err != nil {
		return d.fail("send actions e-mail", err)
	}
	return nil
}
