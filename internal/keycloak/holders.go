package keycloak

import (
	"context"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/Nerzal/gocloak/v13"
	"golang.org/x/sync/errgroup"
)

// holderCalls bounds the group-member reads one RoleHolders runs at once.
const holderCalls = 4

// UserRef names a user.
type UserRef struct {
	ID       string
	Username string
	Email    string
}

// GroupMembers is a group that a role is mapped to, with its direct
// members.
type GroupMembers struct {
	Group   GroupRef
	Members []UserRef
}

// Holders is everyone who holds a realm role: the users it is mapped to
// directly, and the groups it is mapped to with their members. Keycloak's
// own "users in role" list is only the first half.
//
// Members of a subgroup of a granting group also inherit the role; they
// are not counted here, since the platform's groups are flat.
type Holders struct {
	Role   Role
	Direct []UserRef
	Groups []GroupMembers
}

// Member is one holder of a role and every way they hold it.
type Member struct {
	User   UserRef
	Direct bool
	// Groups are the names of the granting groups the user is in.
	Groups []string
}

// Via describes how the member holds the role, for a person to read.
func (m Member) Via() string {
	var ways []string
	if m.Direct {
		ways = append(ways, "directly")
	}
	for _, g := range m.Groups {
		ways = append(ways, "through group "+g)
	}
	return strings.Join(ways, " and ")
}

// Members merges the direct holders and the granting groups' members into
// one list, one entry a user, sorted by username.
func (h Holders) Members() []Member {
	byID := map[string]*Member{}
	get := func(u UserRef) *Member {
		if byID[u.ID] == nil {
			byID[u.ID] = &Member{User: u}
		}
		return byID[u.ID]
	}
	for _, u := range h.Direct {
		get(u).Direct = true
	}
	for _, g := range h.Groups {
		for _, u := range g.Members {
			m := get(u)
			m.Groups = append(m.Groups, g.Group.Name)
		}
	}
	out := make([]Member, 0, len(byID))
	for _, m := range byID {
		sort.Strings(m.Groups)
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].User.Username < out[j].User.Username })
	return out
}

// Member returns how the user holds the role, and whether they do at all.
func (h Holders) Member(userID string) (Member, bool) {
	for _, m := range h.Members() {
		if m.User.ID == userID {
			return m, true
		}
	}
	return Member{}, false
}

// WithoutGroup sorts the members of the named granting group into those
// who would lose the role without that group and those who keep it
// another way; a keeper's Groups no longer list the group, so Via names
// only the ways that remain.
func (h Holders) WithoutGroup(group string) (losing, keeping []Member) {
	isGroup := func(g string) bool { return g == group }
	for _, m := range h.Members() {
		if !slices.ContainsFunc(m.Groups, isGroup) {
			continue
		}
		m.Groups = slices.DeleteFunc(m.Groups, isGroup)
		if m.Direct || len(m.Groups) > 0 {
			keeping = append(keeping, m)
		} else {
			losing = append(losing, m)
		}
	}
	return losing, keeping
}

// RoleHolders reads a realm role and everyone who holds it. It makes
// 3 + G calls for a role granted through G groups, however many members
// those groups have: the role, its direct users, its groups, and each
// group's members (a few at a time).
func (d *Directory) RoleHolders(ctx context.Context, roleName string) (Holders, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return Holders{}, err
	}
	// The role's name goes into the path escaped: gocloak's own calls
	// would break on a name with '?', '#' or '%'.
	var rep gocloak.Role
	if err := d.getJSON(ctx, tok, "read role", nil, &rep, "roles", roleName); err != nil {
		return Holders{}, err
	}
	h := Holders{Role: roleFrom(&rep)}

	var direct []*gocloak.User
	err = d.getJSON(ctx, tok, "users in role", map[string]string{"first": "0",
		"max": strconv.Itoa(scanLimit)}, &direct, "roles", roleName, "users")
	if err != nil {
		return Holders{}, err
	}
	h.Direct = userRefs(direct)

	groups, err := d.groupsInRole(ctx, tok, roleName)
	if err != nil {
		return Holders{}, err
	}
	h.Groups = make([]GroupMembers, len(groups))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(holderCalls)
	for i, gr := range groups {
		g.Go(func() error {
			ms, err := d.client.GetGroupMembers(gctx, tok, d.realm, gr.ID, gocloak.GetGroupsParams{
				First: gocloak.IntP(0), Max: gocloak.IntP(scanLimit),
				BriefRepresentation: gocloak.BoolP(true)})
			if err != nil {
				return d.fail("members of "+gr.Name, err)
			}
			h.Groups[i] = GroupMembers{Group: gr, Members: userRefs(ms)}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return Holders{}, err
	}
	return h, nil
}

// groupsInRole lists the groups a realm role is mapped to. gocloak's own
// call takes no paging, and Keycloak returns only 100 groups without it.
func (d *Directory) groupsInRole(ctx context.Context, tok, roleName string) ([]GroupRef, error) {
	var reps []gocloak.Group
	err := d.getJSON(ctx, tok, "groups in role", map[string]string{"first": "0",
		"max": strconv.Itoa(scanLimit), "briefRepresentation": "true"}, &reps,
		"roles", roleName, "groups")
	if err != nil {
		return nil, err
	}
	out := make([]GroupRef, 0, len(reps))
	for _, g := range reps {
		out = append(out, GroupRef{ID: gocloak.PString(g.ID), Name: gocloak.PString(g.Name)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// adminURL is the admin API URL of a path under the realm, each part
// escaped.
func (d *Directory) adminURL(parts ...string) string {
	u := d.baseURL + "/admin/realms/" + url.PathEscape(d.realm)
	for _, p := range parts {
		u += "/" + url.PathEscape(p)
	}
	return u
}

func roleFrom(r *gocloak.Role) Role {
	return Role{ID: gocloak.PString(r.ID), Name: gocloak.PString(r.Name),
		Description: gocloak.PString(r.Description)}
}

func userRefs(us []*gocloak.User) []UserRef {
	out := make([]UserRef, 0, len(us))
	for _, u := range us {
		out = append(out, UserRef{ID: gocloak.PString(u.ID), Username: gocloak.PString(u.Username),
			Email: gocloak.PString(u.Email)})
	}
	return out
}
