package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// grantGroupRole maps one realm role (a workspace, or another role) to
// the group, so every member holds it.
func (s *Server) grantGroupRole(c echo.Context) error {
	ctx := c.Request().Context()
	g, err := s.groupOf(c)
	if err != nil {
		return err
	}
	name := c.FormValue("role")
	noteAudit(c, "group/"+g.Name, "")

	roles, err := s.Keycloak.AssignableRoles(ctx)
	if err != nil {
		return upstreamError(err, "the realm roles")
	}
	i := slices.IndexFunc(roles, func(r keycloak.Role) bool { return r.Name == name })
	if i < 0 {
		msg := "Choose one of the listed roles."
		if name != "" {
			msg = "That role does not exist (any more); choose one of the listed roles."
		}
		noteAudit(c, "group/"+g.Name, "refused: unknown role")
		return s.renderGroup(c, http.StatusUnprocessableEntity, g, views.GroupPage{RoleError: msg})
	}

	if err := s.Keycloak.GrantGroupRoles(ctx, g.ID, roles[i:i+1]); err != nil {
		return upstreamError(err, "the group's roles")
	}
	noteAudit(c, "group/"+g.Name, "role granted: "+name)
	return c.Redirect(http.StatusSeeOther, "/admin/groups/"+url.PathEscape(g.ID)+"?done=granted")
}
