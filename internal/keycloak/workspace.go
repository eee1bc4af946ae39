package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/Nerzal/gocloak/v13"
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
	tok, err := d.accessToken(ctx)
	if err != nil {
		return Role{}, err
	}
	name := WorkspaceRole(workspace)
	_, err = d.client.CreateRealmRole(ctx, tok, d.realm, gocloak.Role{Name: &name,
		Description: &description})
	var apiErr *gocloak.APIError
	if errors.As(err, &apiErr) && apiErr.Code == http.StatusConflict {
		return Role{}, fmt.Errorf("create role %s: %w", name, ErrConflict)
	}
	if err != nil {
		return Role{}, d.fail("create role", err)
	}

	// Keycloak answers the creation without the role's ID, which the
	// role-mapping calls need.
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
