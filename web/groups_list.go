package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// groupsPerPage is the groups list's page size.
const groupsPerPage = 25

// groupNotices confirm a finished change after its redirect (?done=...).
var groupNotices = map[string]string{
	"created": "The group was created. Add members and the roles it grants below.",
	"deleted": "The group was deleted.",
	"added":   "The member was added.",
	"granted": "The role was granted to the group.",
	"sessions": "The group was deleted, but ending some members' sessions failed; " +
		"end them on their pages.",
}

// showGroups lists the top-level groups matching a search, one page at a
// time. The page makes two Keycloak calls plus one per group shown.
func (s *Server) showGroups(c echo.Context) error {
	search := strings.TrimSpace(c.QueryParam("q"))
	if len(search) > maxSearchLength {
		search = search[:maxSearchLength]
	}
	page, err := strconv.Atoi(c.QueryParam("page"))
	if err != nil || page < 1 {
		page = 1
	}

	res, err := s.Keycloak.FindGroups(c.Request().Context(), keycloak.GroupQuery{Search: search,
		First: (page - 1) * groupsPerPage, Max: groupsPerPage})
	if err != nil {
		return upstreamError(err, "the groups")
	}

	list := views.GroupsList{Search: search, Page: page, Total: res.Total, Groups: res.Groups,
		Pages:  max(1, (res.Total+groupsPerPage-1)/groupsPerPage),
		Notice: groupNotices[c.QueryParam("done")]}
	return s.render(c, http.StatusOK, "Groups", "groups", views.Groups(list))
}
