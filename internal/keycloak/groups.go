package keycloak

import (
	"context"
	"sort"

	"github.com/Nerzal/gocloak/v13"
)

// Groups lists the realm's top-level groups by name.
func (d *Directory) Groups(ctx context.Context) ([]GroupRef, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	gs, err := d.client.GetGroups(ctx, tok, d.realm, gocloak.GetGroupsParams{
		Max: gocloak.IntP(scanLimit), BriefRepresentation: gocloak.BoolP(true)})
	if err != nil {
		return nil, d.fail("list groups", err)
	}
	out := make([]GroupRef, 0, len(gs))
	for _, g := range gs {
		out = append(out, GroupRef{ID: gocloak.PString(g.ID), Name: gocloak.PString(g.Name)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// RemoveFromGroup takes the user out of the named group; removing a
// non-member changes nothing.
func (d *Directory) RemoveFromGroup(ctx context.Context, userID, group string) error {
	gid, err := d.GroupID(ctx, group)
	if err != nil {
		return err
	}
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	if err := d.client.DeleteUserFromGroup(ctx, tok, d.realm, userID, gid); err != nil {
		return d.fail("remove from group "+group, err)
	}
	return nil
}

// RevokeRoles removes direct realm-role mappings from the user; roles
// held through groups stay.
func (d *Directory) RevokeRoles(ctx context.Context, userID string, roles []Role) error {
	if len(roles) == 0 {
		return nil
	}
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	reps := make([]gocloak.Role, len(roles))
	for i, r := range roles {
		reps[i] = gocloak.Role{ID: gocloak.StringP(r.ID), Name: gocloak.StringP(r.Name)}
	}
	if err := d.client.DeleteRealmRoleFromUser(ctx, tok, d.realm, userID, reps); err != nil {
		return d.fail("revoke roles", err)
	}
	return nil
}
