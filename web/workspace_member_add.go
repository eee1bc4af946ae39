package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// addWorkspaceMember gives a user, named by username, direct access to
// the workspace. Giving it to someone who has it directly changes nothing.
func (s *Server) addWorkspaceMember(c echo.Context) error {
	ctx := c.Request().Context()
	h, err := s.workspaceHolders(ctx, c.Param("workspace"))
	if err != nil {
		return err
	}
	target := "workspace/" + h.Role.Workspace()
	username := strings.ToLower(strings.TrimSpace(c.FormValue("username")))
	noteAudit(c, target, "")

	refuse := func(msg string) error {
		noteAudit(c, target, "refused: "+msg)
		return s.renderWorkspace(c, http.StatusUnprocessableEntity, func(p *views.WorkspacePage) {
			p.Errors, p.Username = form.Errors{"username": msg}, username
		})
	}
	if !form.IsUsername(username) {
		return refuse("Enter the username of the person to add.")
	}
	u, err := s.Keycloak.UserByUsername(ctx, username)
	if errors.Is(err, keycloak.ErrNotFound) {
		return refuse("No user has the username " + username + ".")
	}
	if err != nil {
		return upstreamError(err, "the user")
	}

	if err := s.Keycloak.GrantRoles(ctx, u.ID, []keycloak.Role{h.Role}); err != nil {
		return upstreamError(err, "the user's workspaces")
	}
	noteAudit(c, target, "direct access for "+u.Username)
	q := url.Values{"done": {"added"}, "user": {u.Username}}
	return c.Redirect(http.StatusSeeOther, workspaceLocation(h.Role.Workspace(), q))
}

// workspaceLocation is the workspace's page with a query.
func workspaceLocation(workspace string, q url.Values) string {
	return "/admin/workspaces/" + url.PathEscape(workspace) + "?" + q.Encode()
}
