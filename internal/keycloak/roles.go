package keycloak

import (
	"context"
	"sort"
	"strings"

	"github.com/Nerzal/gocloak/v13"
)

// WorkspacePrefix marks the realm roles that are workspaces.
const WorkspacePrefix = "pk:"

// Role is a realm role.
type Role struct {
	ID          string
	Name        string
	Description string
}

// Workspace is the role's name without the pk: prefix.
func (r Role) Workspace() string { return strings.TrimPrefix(r.Name, WorkspacePrefix) }

// Workspaces lists every pk: realm role, sorted by name.
func (d *Directory) Workspaces(ctx context.Context) ([]Role, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	roles, err := d.client.GetRealmRoles(ctx, tok, d.realm, gocloak.GetRoleParams{
		Search: gocloak.StringP(WorkspacePrefix), Max: gocloak.IntP(scanLimit),
		BriefRepresentation: gocloak.BoolP(false)})
	if err != nil {
		return nil, d.fail("list workspaces", err)
	}
	var out []Role
	for _, r := range roles {
		if strings.HasPrefix(gocloak.PString(r.Name), WorkspacePrefix) {
			out = append(out, Role{ID: gocloak.PString(r.ID), Name: gocloak.PString(r.Name),
				Description: gocloak.PString(r.Description)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// roleReps turns roles into the representations the role-mapping calls
// take.
func roleReps(roles []Role) []gocloak.Role {
	reps := make([]gocloak.Role, len(roles))
	for i, r := range roles {
		reps[i] = gocloak.Role{ID: gocloak.StringP(r.ID), Name: gocloak.StringP(r.Name)}
	}
	return reps
}

// GrantRoles maps realm roles directly to the user; granting a role the
// user already holds changes nothing.
func (d *Directory) GrantRoles(ctx context.Context, userID string, roles []Role) error {
	if len(roles) == 0 {
		return nil
	}
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	if err := d.client.AddRealmRoleToUser(ctx, tok, d.realm, userID, roleReps(roles)); err != nil {
		return d.fail("grant roles", err)
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
	if err := d.client.DeleteRealmRoleFromUser(ctx, tok, d.realm, userID, roleReps(roles)); err != nil {
		return d.fail("revoke roles", err)
	}
	return nil
}

// WorkspaceAccess is how a user holds one workspace: directly, through
// groups, or both.
type WorkspaceAccess struct {
	Workspace string
	Direct    bool
	Groups    []string
}

// Access lists the user's workspaces with how each is held. Only the
// user's own groups count: roles a parent group grants to its subgroups,
// and pk: roles inside composite roles, are not shown.
func (d *Directory) Access(ctx context.Context, userID string, groups []GroupRef) ([]WorkspaceAccess, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]*WorkspaceAccess{}
	get := func(role string) *WorkspaceAccess {
		if byName[role] == nil {
			byName[role] = &WorkspaceAccess{Workspace: strings.TrimPrefix(role, WorkspacePrefix)}
		}
		return byName[role]
	}
	direct, err := d.client.GetRealmRolesByUserID(ctx, tok, d.realm, userID)
	if err != nil {
		return nil, d.fail("roles of user", err)
	}
	for _, r := range direct {
		if name := gocloak.PString(r.Name); strings.HasPrefix(name, WorkspacePrefix) {
			get(name).Direct = true
		}
	}
	for _, g := range groups {
		roles, err := d.client.GetRealmRolesByGroupID(ctx, tok, d.realm, g.ID)
		if err != nil {
			return nil, d.fail("roles of group", err)
		}
		for _, r := range roles {
			if name := gocloak.PString(r.Name); strings.HasPrefix(name, WorkspacePrefix) {
				a := get(name)
				a.Groups = append(a.Groups, g.Name)
			}
		}
	}
	out := make([]WorkspaceAccess, 0, len(byName))
	for _, a := range byName {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Workspace < out[j].Workspace })
	return out, nil
}

// GrantGroupRoles maps realm roles to the group, so every member holds
// them; granting a role the group already has changes nothing.
func (d *Directory) GrantGroupRoles(ctx context.Context, groupID string, roles []Role) error {
	if len(roles) == 0 {
		return nil
	}
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	if err := d.client.AddRealmRoleToGroup(ctx, tok, d.realm, groupID, roleReps(roles)); err != nil {
		return d.fail("grant roles to group", err)
	}
	return nil
}

// RevokeGroupRoles removes realm-role mappings from the group; members who
// also hold a role directly keep it.
func (d *Directory) RevokeGroupRoles(ctx context.Context, groupID string, roles []Role) error {
	if len(roles) == 0 {
		return nil
	}
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	if err := d.client.DeleteRealmRoleFromGroup(ctx, tok, d.realm, groupID, roleReps(roles)); err != nil {
		return d.fail("revoke roles from group", err)
	}
	return nil
}
