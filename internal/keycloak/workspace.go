package keycloak

import (
	"context"
	"errors"
	"net/http"
)

// WorkspaceRole is the realm role of the named workspace.
func WorkspaceRole(workspace string) string { return WorkspacePrefix + workspace }

// RoleExists says whether a realm role of that exact name exists.
func (d *Directory) RoleExists(ctx context.Context, roleName string) (bool, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return false, err
	}
	_, err = d.client.GetRealmRole(ctx, tok, d.realm, roleName)
	if err == nil {
		return true, nil
	}
	if err = d.fail("read role", err); errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return false, err
}

// CreateWorkspace creates the realm role pk:<workspace> with the
// description and returns it. The platform's automation does the rest.
// A role of that name that already exists is ErrConflict.
func (d *Directory) CreateWorkspace(ctx context.Context, workspace, description string) (Role, error) {
	name := WorkspaceRole(workspace)
	if err := d.CreateRealmRole(ctx, name, description); err != nil {
		return Role{}, err
	}

	// Keycloak answers the creation without the role's ID, which the
	// role-mapping calls need.
	tok, err := d.accessToken(ctx)
	if err != nil {
		return Role{}, err
	}
	rep, err := d.client.GetRealmRole(ctx, tok, d.realm, name)
	if err != nil {
		return Role{}, d.fail("read new role", err)
	}
	return roleFrom(rep), nil
}

// WrapTransport puts wrap around the transport of every admin-API call,
// for example to count the calls a page makes.
func (d *Directory) WrapTransport(wrap func(http.RoundTripper) http.RoundTripper) {
	rc := d.client.RestyClient()
	rc.SetTransport(wrap(rc.GetClient().Transport))
}
