package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/Nerzal/gocloak/v13"
	"golang.org/x/sync/errgroup"
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
	// Providers are the aliases of the external identity providers the
	// user is linked to; set by ProviderLinks.Mark.
	Providers []string
}

// UnreadyUsers lists every user who is not in userGroup, has an
// unverified e-mail, or is disabled. It reads all users once (at most the
// scan limit) and the group's members once. Users from a federated
// directory are marked through Federated; IdentityProviderLinks tells
// which users an external identity provider brought.
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

// ErrProvidersHidden means Keycloak refused the portal the list of the
// realm's identity providers: its service account lacks the
// realm-management role view-identity-providers.
var ErrProvidersHidden = errors.New("keycloak: the portal may not read the realm's identity providers")

// ProviderLinks maps a user's ID to the aliases of the external identity
// providers the user is linked to.
type ProviderLinks map[string][]string

// Mark sets each user's Providers from the links.
func (l ProviderLinks) Mark(users []Unready) {
	for i := range users {
		users[i].Providers = l[users[i].ID]
	}
}

// IdentityProviderLinks reads which users are linked to which external
// identity provider. It makes 1 + P calls for P providers, however many
// users the realm has: the providers, then each provider's linked users
// (Keycloak's user search by idpAlias), a few at a time. It gives
// ErrProvidersHidden when the portal may not list the providers.
func (d *Directory) IdentityProviderLinks(ctx context.Context) (ProviderLinks, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	aliases, err := d.providerAliases(ctx, tok)
	if err != nil {
		return nil, err
	}

	linked := make([][]*gocloak.User, len(aliases))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(holderCalls)
	for i, alias := range aliases {
		g.Go(func() error {
			us, err := d.client.GetUsers(gctx, tok, d.realm, gocloak.GetUsersParams{
				IDPAlias: gocloak.StringP(alias), First: gocloak.IntP(0),
				Max: gocloak.IntP(scanLimit), BriefRepresentation: gocloak.BoolP(true)})
			if err != nil {
				return d.fail("users of identity provider "+alias, err)
			}
			linked[i] = us
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}

	links := ProviderLinks{}
	for i, us := range linked {
		for _, u := range us {
			id := gocloak.PString(u.ID)
			links[id] = append(links[id], aliases[i])
		}
	}
	return links, nil
}

// providerAliases lists the aliases of the realm's identity providers,
// sorted. gocloak's own call takes no paging, so the request is made here.
func (d *Directory) providerAliases(ctx context.Context, tok string) ([]string, error) {
	var reps []gocloak.IdentityProviderRepresentation
	resp, err := d.client.GetRequestWithBearerAuth(ctx, tok).SetResult(&reps).
		SetQueryParams(map[string]string{"first": "0", "max": strconv.Itoa(scanLimit),
			"briefRepresentation": "true"}).
		Get(d.adminURL("identity-provider", "instances"))
	if err != nil {
		return nil, d.fail("list identity providers", fmt.Errorf("%w: %w", ErrUnavailable, err))
	}
	if resp.StatusCode() == http.StatusForbidden {
		// The token itself is good; only this read is not allowed.
		return nil, fmt.Errorf("list identity providers: %w", ErrProvidersHidden)
	}
	if resp.IsError() {
		return nil, d.fail("list identity providers", &gocloak.APIError{Code: resp.StatusCode()})
	}
	out := make([]string, 0, len(reps))
	for _, r := range reps {
		out = append(out, gocloak.PString(r.Alias))
	}
	sort.Strings(out)
	return out, nil
}
