package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/Nerzal/gocloak/v13"
	"golang.org/x/sync/errgroup"
)

// DescriptionAttribute is the group attribute that holds a description.
const DescriptionAttribute = "description"

// MemberCountLimit bounds the members read to count one group of a list;
// a larger group is shown as having more than this many.
const MemberCountLimit = 1000

// GroupQuery is one page of a search of top-level groups by name.
type GroupQuery struct {
	Search string
	First  int
	Max    int
}

// GroupSummary is a group as a list shows it.
type GroupSummary struct {
	ID          string
	Name        string
	Description string
	// Roles are the names of the realm roles the group grants.
	Roles []string
	// Members counts the direct members up to MemberCountLimit;
	// MoreMembers says there are more than that.
	Members     int
	MoreMembers bool
}

// Workspaces are the workspaces the group grants, without the pk: prefix.
func (g GroupSummary) Workspaces() []string {
	var out []string
	for _, r := range g.Roles {
		if strings.HasPrefix(r, WorkspacePrefix) {
			out = append(out, strings.TrimPrefix(r, WorkspacePrefix))
		}
	}
	return out
}

// GroupPage is a page of groups and the total that match.
type GroupPage struct {
	Groups []GroupSummary
	Total  int
}

// FindGroups returns one page of top-level groups whose name contains the
// search. It makes two calls (the page with each group's attributes and
// roles, and the count) plus one per group shown, to count its members.
func (d *Directory) FindGroups(ctx context.Context, q GroupQuery) (GroupPage, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return GroupPage{}, err
	}
	params := gocloak.GetGroupsParams{First: &q.First, Max: &q.Max,
		BriefRepresentation: gocloak.BoolP(false)}
	query := map[string]string{"top": "true"}
	if q.Search != "" {
		params.Search, query["search"] = &q.Search, q.Search
	}

	var reps []*gocloak.Group
	var count gocloak.GroupsCount
	var listErr, countErr error
	var wg sync.WaitGroup
	wg.Go(func() { reps, listErr = d.client.GetGroups(ctx, tok, d.realm, params) })
	wg.Go(func() { countErr = d.getJSON(ctx, tok, "count groups", query, &count, "groups", "count") })
	wg.Wait()
	if listErr != nil {
		return GroupPage{}, d.fail("list groups", listErr)
	}
	if countErr != nil {
		return GroupPage{}, countErr
	}

	page := GroupPage{Total: count.Count, Groups: make([]GroupSummary, len(reps))}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(holderCalls)
	for i, rep := range reps {
		page.Groups[i] = summaryFrom(rep)
		g.Go(func() error {
			ms, err := d.client.GetGroupMembers(gctx, tok, d.realm, page.Groups[i].ID,
				gocloak.GetGroupsParams{First: gocloak.IntP(0), Max: gocloak.IntP(MemberCountLimit + 1),
					BriefRepresentation: gocloak.BoolP(true)})
			if err != nil {
				return d.fail("members of "+page.Groups[i].Name, err)
			}
			page.Groups[i].Members = min(len(ms), MemberCountLimit)
			page.Groups[i].MoreMembers = len(ms) > MemberCountLimit
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return GroupPage{}, err
	}
	return page, nil
}

// getJSON reads an admin-API path under the realm into out.
func (d *Directory) getJSON(ctx context.Context, tok, what string, query map[string]string,
	out any, parts ...string) error {
	resp, err := d.client.GetRequestWithBearerAuth(ctx, tok).SetResult(out).
		SetQueryParams(query).Get(d.adminURL(parts...))
	if err != nil {
		return d.fail(what, fmt.Errorf("%w: %w", ErrUnavailable, err))
	}
	if resp.IsError() {
		return d.fail(what, &gocloak.APIError{Code: resp.StatusCode()})
	}
	return nil
}

func summaryFrom(g *gocloak.Group) GroupSummary {
	s := GroupSummary{ID: gocloak.PString(g.ID), Name: gocloak.PString(g.Name),
		Description: descriptionOf(g)}
	if g.RealmRoles != nil {
		s.Roles = append(s.Roles, *g.RealmRoles...)
		sort.Strings(s.Roles)
	}
	return s
}

func descriptionOf(g *gocloak.Group) string {
	if g.Attributes == nil {
		return ""
	}
	if v := (*g.Attributes)[DescriptionAttribute]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// CreateGroup creates a top-level group with an optional description and
// returns its ID. An existing name gives ErrConflict.
func (d *Directory) CreateGroup(ctx context.Context, name, description string) (string, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return "", err
	}
	rep := gocloak.Group{Name: &name}
	if description != "" {
		rep.Attributes = &map[string][]string{DescriptionAttribute: {description}}
	}
	id, err := d.client.CreateGroup(ctx, tok, d.realm, rep)
	if err != nil {
		var apiErr *gocloak.APIError
		if errors.As(err, &apiErr) && apiErr.Code == http.StatusConflict {
			return "", fmt.Errorf("create group %s: %w", name, ErrConflict)
		}
		return "", d.fail("create group", err)
	}
	return id, nil
}

// GroupInfo is one group with the realm roles it grants.
type GroupInfo struct {
	ID          string
	Name        string
	Description string
	// Roles are sorted: workspaces first, then the other roles, each by name.
	Roles []Role
}

// Workspaces are the pk: roles the group grants.
func (g GroupInfo) Workspaces() []Role {
	return filterRoles(g.Roles, true)
}

// OtherRoles are the roles the group grants that are not workspaces.
func (g GroupInfo) OtherRoles() []Role {
	return filterRoles(g.Roles, false)
}

func filterRoles(roles []Role, workspaces bool) []Role {
	var out []Role
	for _, r := range roles {
		if strings.HasPrefix(r.Name, WorkspacePrefix) == workspaces {
			out = append(out, r)
		}
	}
	return out
}

// GroupByID reads one group and the realm roles mapped to it, in two
// calls made at once.
func (d *Directory) GroupByID(ctx context.Context, id string) (GroupInfo, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return GroupInfo{}, err
	}
	var rep *gocloak.Group
	var roles []*gocloak.Role
	var repErr, rolesErr error
	var wg sync.WaitGroup
	wg.Go(func() { rep, repErr = d.client.GetGroup(ctx, tok, d.realm, id) })
	wg.Go(func() { roles, rolesErr = d.client.GetRealmRolesByGroupID(ctx, tok, d.realm, id) })
	wg.Wait()
	if repErr != nil {
		return GroupInfo{}, d.fail("read group", repErr)
	}
	if rolesErr != nil {
		return GroupInfo{}, d.fail("roles of group", rolesErr)
	}
	info := GroupInfo{ID: gocloak.PString(rep.ID), Name: gocloak.PString(rep.Name),
		Description: descriptionOf(rep)}
	for _, r := range roles {
		info.Roles = append(info.Roles, roleFrom(r))
	}
	SortRoles(info.Roles)
	return info, nil
}

// SortRoles orders roles as the portal lists them: workspaces first, then
// the other roles, each by name.
func SortRoles(roles []Role) {
	sort.Slice(roles, func(i, j int) bool {
		wi := strings.HasPrefix(roles[i].Name, WorkspacePrefix)
		wj := strings.HasPrefix(roles[j].Name, WorkspacePrefix)
		if wi != wj {
			return wi
		}
		return roles[i].Name < roles[j].Name
	})
}

// DeleteGroup deletes the group with that ID; its members keep every role
// they hold another way.
func (d *Directory) DeleteGroup(ctx context.Context, id string) error {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return err
	}
	if err := d.client.DeleteGroup(ctx, tok, d.realm, id); err != nil {
		return d.fail("delete group", err)
	}
	// A group made again under the same name gets a new ID.
	d.groups.mu.Lock()
	for name, gid := range d.groups.ids {
		if gid == id {
			delete(d.groups.ids, name)
		}
	}
	d.groups.mu.Unlock()
	return nil
}
