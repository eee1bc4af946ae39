package keycloak

import (
	"context"
	"fmt"

	"github.com/Nerzal/gocloak/v13"
)

// Problem is one reason a user cannot use the platform.
type Problem string

// Problems that keep a user off the platform.
const (
	ProblemNotPlatform Problem = "not in the platform users' group"
	ProblemUnverified  Problem = "e-mail not verified"
	ProblemDisabled    Problem = "disabled"
)

// Unready is a user who cannot use the platform, and why.
type Unready struct {
	User
	Problems []Problem
}

// UnreadyUsers lists every user who is not in userGroup, has an
// unverified e-mail, or is disabled. It reads all users once (at most the
// scan limit) and the group's members once. Users from a federated
// directory are marked through Federated; users brought by an external
// identity provider are not told apart, since that needs a call per user.
func (d *Directory) UnreadyUsers(ctx context.Context, userGroup string) ([]Unready, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	members, err := d.memberIDs(ctx, tok, userGroup)
	if err != nil {
		return nil, err
	}
	all, err := d.client.GetUsers(ctx, tok, d.realm, gocloak.GetUsersParams{
		First: gocloak.IntP(0), Max: gocloak.IntP(scanLimit), BriefRepresentation: gocloak.BoolP(false)})
	if err != nil {
		return nil, d.fail("list users", err)
	}
	var out []Unready
	for _, u := range all {
		if u.ServiceAccountClientID != nil {
			continue
		}
		r := Unready{User: userFrom(u)}
		if _, in := members[r.ID]; !in {
			r.Problems = append(r.Problems, ProblemNotPlatform)
		}
		if !r.EmailVerified {
			r.Problems = append(r.Problems, ProblemUnverified)
		}
		if !r.Enabled {
			r.Problems = append(r.Problems, ProblemDisabled)
		}
		if len(r.Problems) > 0 {
			out = append(out, r)
		}
	}
	return out, nil
}

// MarkEmailVerified marks the user's e-mail address as verified. It sends
// the whole user back, so that nothing else of it changes.
func (d *Directory) MarkEmailVerified(ctx context.Context, id string) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	u, err := d.client.GetUserByID(ctx, tok, d.realm, id)
	if err != nil {
		return d.fail("read user", err)
	}
	if u.Email == nil || *u.Email == "" {
		return fmt.Errorf("mark e-mail verified: the user has no e-mail address")
	}
	u.EmailVerified = gocloak.BoolP(true)
	if err := d.client.UpdateUser(ctx, tok, d.realm, *u); err != nil {
		return d.fail("mark e-mail verified", err)
	}
	return nil
}
