package web

import (
	"net/http"
	"strconv"
	"strings"

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
	search := strings.TrimSpace(c.QueryParam("q"))
	if len(search) > maxSearchLength {
		search = search[:maxSearchLength]
	}
	filter := parseFilter(c.QueryParam("filter"))
	page, err := strconv.Atoi(c.QueryParam("page"))
	if err != nil || page < 1 {
		page = 1
	}

	q := keycloak.UserQuery{Search: search, Filter: filter, First: (page - 1) * usersPerPage, Max: usersPerPage}
	res, err := s.Keycloak.FindUsers(c.Request().Context(), q, s.Config.AdminGroup, s.Config.UserGroup)
	if err != nil {
		return upstreamError(err, "the users")
	}

	pages := max(1, (res.Total+usersPerPage-1)/usersPerPage)
	list := views.UsersList{Search: search, Filter: filter, Page: page, Pages: pages, Total: res.Total,
		Users: res.Users}
	canOnboard := s.groups.RoleOf(sessionOf(c).Groups) == auth.RoleAdmin
	return s.render(c, http.StatusOK, "Users", "users", views.Users(list, canOnboard))
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
