package keycloak

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/Nerzal/gocloak/v13"
)

// GroupMembers returns one page of the group's direct members.
func (d *Directory) GroupMembers(ctx context.Context, groupID string, first, max int) ([]User, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	ms, err := d.client.GetGroupMembers(ctx, tok, d.realm, groupID, gocloak.GetGroupsParams{
		First: &first, Max: &max, BriefRepresentation: gocloak.BoolP(true)})
	if err != nil {
		return nil, d.fail("members of group", err)
	}
	out := make([]User, 0, len(ms))
	for _, m := range ms {
		out = append(out, userFrom(m))
	}
	return out, nil
}

// AddGroupMember makes the user a member of the group with that ID.
func (d *Directory) AddGroupMember(ctx context.Context, groupID, userID string) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	if err := d.client.AddUserToGroup(ctx, tok, d.realm, userID, groupID); err != nil {
		return d.fail("add to group", err)
	}
	return nil
}

// RemoveGroupMember takes the user out of the group with that ID.
func (d *Directory) RemoveGroupMember(ctx context.Context, groupID, userID string) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	if err := d.client.DeleteUserFromGroup(ctx, tok, d.realm, userID, groupID); err != nil {
		return d.fail("remove from group", err)
	}
	return nil
}

// AssignableRoles lists the realm roles a group may grant, sorted like
// SortRoles. The realm's default role is left out: everyone holds it.
func (d *Directory) AssignableRoles(ctx context.Context) ([]Role, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	reps, err := d.client.GetRealmRoles(ctx, tok, d.realm, gocloak.GetRoleParams{
		First: gocloak.IntP(0), Max: gocloak.IntP(scanLimit), BriefRepresentation: gocloak.BoolP(false)})
	if err != nil {
		return nil, d.fail("list realm roles", err)
	}
	out := make([]Role, 0, len(reps))
	for _, r := range reps {
		if gocloak.PString(r.Name) != "default-roles-"+d.realm {
			out = append(out, roleFrom(r))
		}
	}
	SortRoles(out)
	return out, nil
}

// UserByUsername finds the user with exactly that username.
func (d *Directory) UserByUsername(ctx context.Context, username string) (User, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return User{}, err
	}
	username = strings.ToLower(username)
	us, err := d.client.GetUsers(ctx, tok, d.realm, gocloak.GetUsersParams{
		Username: &username, Exact: gocloak.BoolP(true), BriefRepresentation: gocloak.BoolP(true),
		Max: gocloak.IntP(2)})
	if err != nil {
		return User{}, d.fail("look up username", err)
	}
	for _, u := range us {
		if gocloak.PString(u.Username) == username {
			return userFrom(u), nil
		}
	}
	return User{}, fmt.Errorf("user %s: %w", strconv.Quote(username), ErrNotFound)
}
