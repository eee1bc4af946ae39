package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// grantWorkspaceToGroup maps the workspace to a group, so that every
// member holds it. The admin group is not offered.
func (s *Server) grantWorkspaceToGroup(c echo.Context) error {
	ctx := c.Request().Context()
	h, err := s.workspaceHolders(ctx, c.Param("workspace"))
	if err != nil {
		return err
	}
	target := "workspace/" + h.Role.Workspace()
	name := c.FormValue("group")
	noteAudit(c, target, "")

	groups, err := s.bulkGroups(ctx)
	if err != nil {
		return upstreamError(err, "the groups")
	}
	i := slices.IndexFunc(groups, func(g keycloak.GroupRef) bool { return g.Name == name })
	if i < 0 {
		noteAudit(c, target, "refused: unknown group")
		return s.renderWorkspace(c, http.StatusUnprocessableEntity, func(p *views.WorkspacePage) {
			p.Errors = form.Errors{"group": "Choose one of the listed groups."}
		})
	}

	if err := s.Keycloak.GrantGroupRoles(ctx, groups[i].ID, []keycloak.Role{h.Role}); err != nil {
		return upstreamError(err, "the group's roles")
	}
	noteAudit(c, target, "granted to group "+name)
	return c.Redirect(http.StatusSeeOther, workspaceLocation(h.Role.Workspace(),
		url.Values{"done": {"granted"}, "group": {name}}))
}
