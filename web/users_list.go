package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/auth"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// usersPerPage is the users list's page size.
const usersPerPage = 25

// maxSearchLength bounds the search text sent to Keycloak.
const maxSearchLength = 100

// showUsers lists users matching a search and a filter, one page at a time.
func (s *Server) showUsers(c echo.Context) error {
	return s.renderUsers(c, http.StatusOK, "")
}

// renderUsers draws the users list for the request's search, with a
// refusal of a bulk action when there is one.
func (s *Server) renderUsers(c echo.Context, status int, bulkErr string) error {
	ctx := c.Request().Context()
	search := strings.TrimSpace(c.FormValue("q"))
	if len(search) > maxSearchLength {
		search = search[:maxSearchLength]
	}
	filter := parseFilter(c.FormValue("filter"))
	page, err := strconv.Atoi(c.FormValue("page"))
	if err != nil || page < 1 {
		page = 1
	}

	// The page of users and, for administrators, the bulk form's
	// workspaces and groups are read from Keycloak at the same time.
	bulk := s.groups.RoleOf(sessionOf(c).Groups) == auth.RoleAdmin
	var res keycloak.UserPage
	var workspaces []keycloak.Role
	var groups []keycloak.GroupRef
	var errs [3]error
	var wg sync.WaitGroup
	q := keycloak.UserQuery{Search: search, Filter: filter, First: (page - 1) * usersPerPage, Max: usersPerPage}
	wg.Go(func() { res, errs[0] = s.Keycloak.FindUsers(ctx, q, s.Config.AdminGroup, s.Config.UserGroup) })
	if bulk {
		wg.Go(func() { workspaces, errs[1] = s.Keycloak.Workspaces(ctx) })
		wg.Go(func() { groups, errs[2] = s.bulkGroups(ctx) })
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return upstreamError(err, "the users")
	}

	list := views.UsersList{Search: search, Filter: filter, Page: page, Total: res.Total, Users: res.Users,
		Pages: max(1, (res.Total+usersPerPage-1)/usersPerPage), BulkError: bulkErr,
		CSRF: sessionOf(c).CSRFToken, Bulk: bulk, Workspaces: workspaces, Groups: groups}
	return s.render(c, status, "Users", "users", views.Users(list))
}

// parseFilter accepts only the known filters; anything else means all.
func parseFilter(v string) keycloak.Filter {
	for _, f := range views.UserFilters {
		if string(f.Value) == v {
			return f.Value
		}
	}
	return keycloak.FilterAll
}
