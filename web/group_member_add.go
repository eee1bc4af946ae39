package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// adminGroupRefusal answers a membership change of the admin group: that
// needs a confirmation on the user's own page.
const adminGroupRefusal = "Administrator rights change on the user's own page, with a confirmation: " +
	"open the user from the Users list."

// addGroupMember adds the user with the given username to the group.
// Members of the admin group are not added here.
func (s *Server) addGroupMember(c echo.Context) error {
	ctx := c.Request().Context()
	g, err := s.groupOf(c)
	if err != nil {
		return err
	}
	username := strings.ToLower(strings.TrimSpace(c.FormValue("username")))
	noteAudit(c, "group/"+g.Name, "")

	refuse := func(msg string) error {
		noteAudit(c, "group/"+g.Name, "refused: "+msg)
		return s.renderGroup(c, http.StatusUnprocessableEntity, g,
			views.GroupPage{Username: username, MemberError: msg})
	}
	if g.Name == s.Config.AdminGroup {
		return refuse(adminGroupRefusal)
	}
	if username == "" || len(username) > 255 {
		return refuse("Enter the username of the person to add.")
	}
	u, err := s.Keycloak.UserByUsername(ctx, username)
	if errors.Is(err, keycloak.ErrNotFound) {
		return refuse("No user has this username.")
	}
	if err != nil {
		return upstreamError(err, "the user")
	}

	if err := s.Keycloak.AddGroupMember(ctx, g.ID, u.ID); err != nil {
		return upstreamError(err, "the group")
	}
	noteAudit(c, "group/"+g.Name, "member added: "+u.Username)
	return c.Redirect(http.StatusSeeOther, "/admin/groups/"+url.PathEscape(g.ID)+"?done=added")
}
