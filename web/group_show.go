package web

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// membersPerPage is the page size of a group's member list.
const membersPerPage = 50

// keycloakID matches the IDs Keycloak gives groups and users. Anything
// else in a URL or form is refused before it reaches the admin API.
var keycloakID = regexp.MustCompile(`^[A-Za-z0-9-]{1,64}$`)

// showGroup shows one group: its members, page by page, and its roles.
func (s *Server) showGroup(c echo.Context) error {
	g, err := s.groupOf(c)
	if err != nil {
		return err
	}
	notice := groupNotices[c.QueryParam("done")]
	return s.renderGroup(c, http.StatusOK, g, views.GroupPage{Notice: notice})
}

// groupOf reads the group the route names.
func (s *Server) groupOf(c echo.Context) (keycloak.GroupInfo, error) {
	id := c.Param("group")
	if !keycloakID.MatchString(id) {
		return keycloak.GroupInfo{}, upstreamError(keycloak.ErrNotFound, "the group")
	}
	g, err := s.Keycloak.GroupByID(c.Request().Context(), id)
	if err != nil {
		return keycloak.GroupInfo{}, upstreamError(err, "the group")
	}
	return g, nil
}

// renderGroup draws the group's page around p, reading the page of
// members and the roles for the pickers at the same time.
func (s *Server) renderGroup(c echo.Context, status int, g keycloak.GroupInfo, p views.GroupPage) error {
	ctx := c.Request().Context()
	page, err := strconv.Atoi(c.QueryParam("page"))
	if err != nil || page < 1 {
		page = 1
	}

	var members []keycloak.User
	var roles []keycloak.Role
	var errs [2]error
	var wg sync.WaitGroup
	wg.Go(func() {
		members, errs[0] = s.Keycloak.GroupMembers(ctx, g.ID, (page-1)*membersPerPage, membersPerPage+1)
	})
	wg.Go(func() { roles, errs[1] = s.Keycloak.AssignableRoles(ctx) })
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return upstreamError(err, "the group's members and roles")
	}

	p.Group, p.CSRF, p.Page = g, sessionOf(c).CSRFToken, page
	p.More = len(members) > membersPerPage
	p.Members = members[:min(len(members), membersPerPage)]
	p.AdminGroup, p.Protected = g.Name == s.Config.AdminGroup, s.protectedGroup(g.Name)
	for _, r := range roles {
		if slices.ContainsFunc(g.Roles, func(h keycloak.Role) bool { return h.Name == r.Name }) {
			continue
		}
		if r.Workspace() != r.Name {
			p.Workspaces = append(p.Workspaces, r)
		} else {
			p.OtherRoles = append(p.OtherRoles, r)
		}
	}
	return s.render(c, status, g.Name, "groups", views.Group(p))
}

// protectedGroup says whether the platform needs the group, so it can
// never be deleted.
func (s *Server) protectedGroup(name string) bool {
	return name == s.Config.AdminGroup || name == s.Config.UserGroup || name == s.Config.HelpdeskGroup
}

// lossesOf works out what the group's members lose when the group stops
// granting them the given roles: 3 + G Keycloak calls per role, where G
// is the number of groups that grant it.
func (s *Server) lossesOf(ctx context.Context, groupID string,
	roles []keycloak.Role) ([]keycloak.Loss, error) {
	holders := make([]keycloak.Holders, 0, len(roles))
	for _, r := range roles {
		h, err := s.Keycloak.RoleHolders(ctx, r.Name)
		if err != nil {
			return nil, err
		}
		holders = append(holders, h)
	}
	return keycloak.Losses(groupID, holders), nil
}

// endSessions ends every Keycloak session of the users and returns how
// many of them failed.
func (s *Server) endSessions(ctx context.Context, userIDs []string) int {
	failed := 0
	for _, id := range userIDs {
		if err := s.Keycloak.LogoutEverywhere(ctx, id); err != nil {
			failed++
		}
	}
	return failed
}
