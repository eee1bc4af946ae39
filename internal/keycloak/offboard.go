package keycloak

import (
	"context"
	"errors"

	"github.com/Nerzal/gocloak/v13"
)

// DisableUser turns the user's account off, so they cannot log in; every
// other field stays as it is. A missing user is ErrNotFound.
func (d *Directory) DisableUser(ctx context.Context, id string) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	// The whole representation is written back, so nothing the realm's
	// user profile keeps (attributes, federation links) is lost.
	u, err := d.client.GetUserByID(ctx, tok, d.realm, id)
	if err != nil {
		return d.fail("read user", err)
	}
	if !gocloak.PBool(u.Enabled) {
		return nil
	}
	u.Enabled = gocloak.BoolP(false)
	if err := d.client.UpdateUser(ctx, tok, d.realm, *u); err != nil {
		return d.fail("disable user", err)
	}
	return nil
}

// DeleteUser removes the user from the realm. A user that is already
// gone is no error, so the call can be repeated.
func (d *Directory) DeleteUser(ctx context.Context, id string) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	err = d.client.DeleteUser(ctx, tok, d.realm, id)
	if err == nil {
		return nil
	}
	if err = d.fail("delete user", err); errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// DeleteRole removes a realm role, and with it every mapping of it to
// users and groups. Unlike DeleteRealmRole, a role that is already gone
// is no error, so offboarding can repeat the call.
func (d *Directory) DeleteRole(ctx context.Context, name string) error {
	if err := d.DeleteRealmRole(ctx, name); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return nil
}
