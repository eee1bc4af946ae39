package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/Nerzal/gocloak/v13"
	"golang.org/x/sync/errgroup"
)

// StoragePrefix marks the realm roles tied to the MinIO policy of the
// same name.
const StoragePrefix = "s3:"

// rolePageSize is how many roles one call reads while paging through
// the realm's roles.
const rolePageSize = 500

// countCalls bounds the roles whose holders one CountHolders reads at
// once; each of them runs a few calls of its own (see RoleHolders).
const countCalls = 4

// RoleKind says what a realm role is for.
type RoleKind string

// Kinds of realm roles.
const (
	// KindPlatform is a pk: role: a workspace.
	KindPlatform RoleKind = "platform"
	// KindStorage is an s3: role, tied to the MinIO policy of its name.
	KindStorage RoleKind = "storage"
	// KindOther is every other role, Keycloak's defaults included.
	KindOther RoleKind = "other"
)

// KindOf classifies a role by its name's prefix. Prefixes are
// case-sensitive, as the platform's automation reads them.
func KindOf(name string) RoleKind {
	switch {
	case strings.HasPrefix(name, WorkspacePrefix):
		return KindPlatform
	case strings.HasPrefix(name, StoragePrefix):
		return KindStorage
	default:
		return KindOther
	}
}

// Kind is the role's kind.
func (r Role) Kind() RoleKind { return KindOf(r.Name) }

// BuiltIn says whether the role is one Keycloak creates in every realm
// and relies on: default-roles-<realm>, offline_access and
// uma_authorization.
func BuiltIn(name, realm string) bool {
	switch name {
	case "default-roles-" + realm, "offline_access", "uma_authorization":
		return true
	}
	return false
}

// RealmRoles reads every realm role, sorted by name. It pages through
// Keycloak until a short page, since Keycloak's own paging would
// otherwise stop at its default maximum.
func (d *Directory) RealmRoles(ctx context.Context) ([]Role, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	var out []Role
	for first := 0; ; first += rolePageSize {
		page, err := d.client.GetRealmRoles(ctx, tok, d.realm, gocloak.GetRoleParams{
			First: gocloak.IntP(first), Max: gocloak.IntP(rolePageSize),
			BriefRepresentation: gocloak.BoolP(false)})
		if err != nil {
			return nil, d.fail("list realm roles", err)
		}
		for _, r := range page {
			out = append(out, roleFrom(r))
		}
		if len(page) < rolePageSize {
			break
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// CreateRealmRole creates a realm role. A role of that name that exists
// already gives ErrConflict.
func (d *Directory) CreateRealmRole(ctx context.Context, name, description string) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	_, err = d.client.CreateRealmRole(ctx, tok, d.realm, gocloak.Role{
		Name: gocloak.StringP(name), Description: gocloak.StringP(description)})
	var apiErr *gocloak.APIError
	if errors.As(err, &apiErr) && apiErr.Code == http.StatusConflict {
		return fmt.Errorf("create role %s: %w", name, ErrConflict)
	}
	if err != nil {
		return d.fail("create role", err)
	}
	return nil
}

// DeleteRealmRole deletes a realm role, which takes it from everyone who
// held it. The name is escaped, so any name Keycloak accepts works.
func (d *Directory) DeleteRealmRole(ctx context.Context, name string) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	resp, err := d.client.GetRequestWithBearerAuth(ctx, tok).Delete(d.adminURL("roles", name))
	if err != nil {
		return d.fail("delete role", fmt.Errorf("%w: %w", ErrUnavailable, err))
	}
	if resp.IsError() {
		return d.fail("delete role", &gocloak.APIError{Code: resp.StatusCode()})
	}
	return nil
}

// CountHolders counts the holders of each named role, each person once
// however many ways they hold it. It costs RoleHolders' 3 + G calls per
// role, a few roles at a time, so callers count only what they show.
// Counts that failed are missing from the map; the error joins their
// causes, and the other counts are still returned.
func (d *Directory) CountHolders(ctx context.Context, names []string) (map[string]int, error) {
	counts := make([]int, len(names))
	errs := make([]error, len(names))
	var g errgroup.Group
	g.SetLimit(countCalls)
	for i, name := range names {
		g.Go(func() error {
			h, err := d.RoleHolders(ctx, name)
			if err != nil {
				errs[i] = fmt.Errorf("count holders of %s: %w", name, err)
				return nil
			}
			counts[i] = len(h.Members())
			return nil
		})
	}
	_ = g.Wait()

	out := make(map[string]int, len(names))
	for i, name := range names {
		if errs[i] == nil {
			out[name] = counts[i]
		}
	}
	return out, errors.Join(errs...)
}
