package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/Nerzal/gocloak/v13"
)

// ErrNotFound means the user, group or role does not exist.
var ErrNotFound = errors.New("keycloak: not found")

// scanLimit bounds the users read at once for the "not in pk-user"
// filter, which Keycloak cannot answer by itself.
const scanLimit = 100_000

// User is a realm user as the portal shows it.
type User struct {
	ID              string
	Username        string
	Email           string
	FirstName       string
	LastName        string
	EmailVerified   bool
	Enabled         bool
	RequiredActions []string
	// Federated names the user-storage provider (LDAP, AD) the user comes
	// from; empty for a local user.
	Federated string
	// Admin says whether the user is in the admin group; set by FindUsers.
	Admin bool
}

// Name is the user's full name, or empty.
func (u User) Name() string {
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}

// Filter narrows a user search to one state that keeps people off the
// platform.
type Filter string

// Filters of the users list.
const (
	FilterAll         Filter = ""
	FilterNotPlatform Filter = "not-platform-user"
	FilterUnverified  Filter = "email-unverified"
	FilterDisabled    Filter = "disabled"
)

// UserQuery is one page of a user search.
type UserQuery struct {
	Search string
	Filter Filter
	First  int
	Max    int
}

// UserPage is a page of users and the total that match.
type UserPage struct {
	Users []User
	Total int
}

// groupIDs caches group IDs by name; groups the portal names by config
// are looked up once per process.
type groupIDs struct {
	mu  sync.Mutex
	ids map[string]string
}

// GroupID returns the ID of the top-level group with the exact name.
func (d *Directory) GroupID(ctx context.Context, name string) (string, error) {
	d.groups.mu.Lock()
	id, ok := d.groups.ids[name]
	d.groups.mu.Unlock()
	if ok {
		return id, nil
	}
	tok, err := d.accessToken(ctx)
	if err != nil {
		return "", err
	}
	found, err := d.client.GetGroups(ctx, tok, d.realm, gocloak.GetGroupsParams{
		Search: &name, Exact: gocloak.BoolP(true), BriefRepresentation: gocloak.BoolP(true)})
	if err != nil {
		return "", d.fail("find group "+name, err)
	}
	for _, g := range found {
		if g.Name != nil && *g.Name == name && g.ID != nil {
			d.groups.mu.Lock()
			if d.groups.ids == nil {
				d.groups.ids = map[string]string{}
			}
			d.groups.ids[name] = *g.ID
			d.groups.mu.Unlock()
			return *g.ID, nil
		}
	}
	return "", fmt.Errorf("group %s: %w", name, ErrNotFound)
}

// FindUsers returns one page of users matching the query, each marked
// whether they are in adminGroup. It makes the same few calls whatever
// the page size: the page, the count, and the admin group's members (and,
// for the "not a platform user" filter, that group's members instead of
// the count).
func (d *Directory) FindUsers(ctx context.Context, q UserQuery, adminGroup, userGroup string) (UserPage, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return UserPage{}, err
	}
	params := gocloak.GetUsersParams{BriefRepresentation: gocloak.BoolP(true)}
	if q.Search != "" {
		params.Search = &q.Search
	}
	switch q.Filter {
	case FilterUnverified:
		params.EmailVerified = gocloak.BoolP(false)
	case FilterDisabled:
		params.Enabled = gocloak.BoolP(false)
	}

	// The page and the admin group's members are read at the same time.
	var page UserPage
	var admins map[string]struct{}
	var pageErr, adminErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		if q.Filter == FilterNotPlatform {
			page, pageErr = d.usersOutside(ctx, tok, params, userGroup, q.First, q.Max)
		} else {
			page, pageErr = d.usersPage(ctx, tok, params, q.First, q.Max)
		}
	})
	wg.Go(func() { admins, adminErr = d.memberIDs(ctx, tok, adminGroup) })
	wg.Wait()
	if pageErr != nil {
		return UserPage{}, pageErr
	}
	if adminErr != nil {
		return UserPage{}, adminErr
	}
	for i := range page.Users {
		_, page.Users[i].Admin = admins[page.Users[i].ID]
	}
	return page, nil
}

func (d *Directory) usersPage(ctx context.Context, tok string, p gocloak.GetUsersParams, first, max int) (UserPage, error) {
	var page UserPage
	var wg sync.WaitGroup
	var listErr, countErr error
	wg.Go(func() {
		lp := p
		lp.First, lp.Max = &first, &max
		var us []*gocloak.User
		us, listErr = d.client.GetUsers(ctx, tok, d.realm, lp)
		for _, u := range us {
			page.Users = append(page.Users, userFrom(u))
		}
	})
	wg.Go(func() {
		cp := p
		cp.BriefRepresentation = nil
		page.Total, countErr = d.client.GetUserCount(ctx, tok, d.realm, cp)
	})
	wg.Wait()
	if listErr != nil {
		return UserPage{}, d.fail("list users", listErr)
	}
	if countErr != nil {
		return UserPage{}, d.fail("count users", countErr)
	}
	return page, nil
}

// usersOutside pages through the matching users who are not in group.
func (d *Directory) usersOutside(ctx context.Context, tok string, p gocloak.GetUsersParams,
	group string, first, max int) (UserPage, error) {
	members, err := d.memberIDs(ctx, tok, group)
	if err != nil {
		return UserPage{}, err
	}
	p.First, p.Max = gocloak.IntP(0), gocloak.IntP(scanLimit)
	all, err := d.client.GetUsers(ctx, tok, d.realm, p)
	if err != nil {
		return UserPage{}, d.fail("list users", err)
	}
	var outside []User
	for _, u := range all {
		if _, in := members[gocloak.PString(u.ID)]; !in && u.ServiceAccountClientID == nil {
			outside = append(outside, userFrom(u))
		}
	}
	page := UserPage{Total: len(outside)}
	if first < len(outside) {
		page.Users = outside[first:min(first+max, len(outside))]
	}
	return page, nil
}

// memberIDs returns the IDs of every direct member of the named group.
func (d *Directory) memberIDs(ctx context.Context, tok, group string) (map[string]struct{}, error) {
	gid, err := d.GroupID(ctx, group)
	if err != nil {
		return nil, err
	}
	ms, err := d.client.GetGroupMembers(ctx, tok, d.realm, gid, gocloak.GetGroupsParams{
		First: gocloak.IntP(0), Max: gocloak.IntP(scanLimit), BriefRepresentation: gocloak.BoolP(true)})
	if err != nil {
		return nil, d.fail("members of "+group, err)
	}
	out := make(map[string]struct{}, len(ms))
	for _, m := range ms {
		out[gocloak.PString(m.ID)] = struct{}{}
	}
	return out, nil
}

// GetUser reads one user.
func (d *Directory) GetUser(ctx context.Context, id string) (User, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return User{}, err
	}
	u, err := d.client.GetUserByID(ctx, tok, d.realm, id)
	if err != nil {
		return User{}, d.fail("read user", err)
	}
	return userFrom(u), nil
}

func userFrom(u *gocloak.User) User {
	out := User{
		ID: gocloak.PString(u.ID), Username: gocloak.PString(u.Username), Email: gocloak.PString(u.Email),
		FirstName: gocloak.PString(u.FirstName), LastName: gocloak.PString(u.LastName),
		EmailVerified: gocloak.PBool(u.EmailVerified), Enabled: gocloak.PBool(u.Enabled),
		Federated: gocloak.PString(u.FederationLink),
	}
	if u.RequiredActions != nil {
		out.RequiredActions = slices.Clone(*u.RequiredActions)
	}
	return out
}

// fail classifies an admin-API error and drops a refused token so the
// next call fetches a new one.
func (d *Directory) fail(what string, err error) error {
	err = classify(err)
	if errors.Is(err, ErrTokenRefused) {
		d.forgetToken()
	}
	return fmt.Errorf("%s: %w", what, err)
}

// Profile is what an administrator may edit about a user.
type Profile struct {
	FirstName     string
	LastName      string
	Email         string
	EmailVerified bool
	Enabled       bool
}

// UpdateProfile writes the user's names, e-mail and flags.
func (d *Directory) UpdateProfile(ctx context.Context, id string, p Profile) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	err = d.client.UpdateUser(ctx, tok, d.realm, gocloak.User{ID: &id, FirstName: &p.FirstName,
		LastName: &p.LastName, Email: &p.Email, EmailVerified: &p.EmailVerified, Enabled: &p.Enabled})
	if err != nil {
		var apiErr *gocloak.APIError
		if errors.As(err, &apiErr) && apiErr.Code == http.StatusConflict {
			return fmt.Errorf("update user: %w", ErrConflict)
		}
		return d.fail("update user", err)
	}
	return nil
}
