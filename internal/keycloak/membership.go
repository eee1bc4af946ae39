package keycloak

import (
	"context"
	"errors"
)

// ErrLastMember means a change would leave a group that must never be
// empty (the admin group) without members.
var ErrLastMember = errors.New("keycloak: the group would have no members left")

// IsMember says whether the user is a direct member of the named group.
func (d *Directory) IsMember(ctx context.Context, userID, group string) (bool, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return false, err
	}
	members, err := d.memberIDs(ctx, tok, group)
	if err != nil {
		return false, err
	}
	_, ok := members[userID]
	return ok, nil
}

// groupToken returns a token and the ID of the named group.
func (d *Directory) groupToken(ctx context.Context, group string) (tok, gid string, err error) {
	if gid, err = d.GroupID(ctx, group); err != nil {
		return "", "", err
	}
	tok, err = d.accessToken(ctx)
	return tok, gid, err
}

// AddToGroup makes the user a member of the named group; adding a member
// again changes nothing.
func (d *Directory) AddToGroup(ctx context.Context, userID, group string) error {
	gid, err := d.GroupID(ctx, group)
	if err != nil {
		return err
	}
	return d.AddGroupMember(ctx, gid, userID)
}

// RemoveFromGroup takes the user out of the named group; removing a
// non-member changes nothing.
func (d *Directory) RemoveFromGroup(ctx context.Context, userID, group string) error {
	gid, err := d.GroupID(ctx, group)
	if err != nil {
		return err
	}
	return d.RemoveGroupMember(ctx, gid, userID)
}

// RemoveFromGroupKeepingOne takes the user out of the named group, but
// refuses with ErrLastMember when they are its only member.
//
// The check and the removal are two calls: two administrators removing
// the last two members at the same moment could still empty the group.
// Keycloak has no conditional update to close that gap.
func (d *Directory) RemoveFromGroupKeepingOne(ctx context.Context, userID, group string) error {
	tok, gid, err := d.groupToken(ctx, group)
	if err != nil {
		return err
	}
	members, err := d.memberIDs(ctx, tok, group)
	if err != nil {
		return err
	}
	if _, in := members[userID]; !in {
		return nil
	}
	if len(members) <= 1 {
		return ErrLastMember
	}
	return d.RemoveGroupMember(ctx, gid, userID)
}
