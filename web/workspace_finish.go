package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// finishWorkspace gives access to the first members that creating the
// workspace could not: users (by ID) directly, groups (by name) by a
// mapping. Granting access someone already has changes nothing, so it
// can be retried safely.
func (s *Server) finishWorkspace(c echo.Context) error {
	ctx := c.Request().Context()
	h, err := s.workspaceHolders(ctx, c.Param("workspace"))
	if err != nil {
		return err
	}
	name := h.Role.Workspace()
	noteAudit(c, "workspace/"+name, "")

	values, _ := c.FormParams()
	m, err := s.membersToFinish(c, values["user"], values["group"])
	if err != nil {
		return err
	}
	if len(m.users)+len(m.groups) == 0 {
		return &Error{Status: http.StatusUnprocessableEntity, Title: "Nothing to finish",
			Message: "The form named no user or group to give access. Nothing was changed."}
	}

	res := s.grantFirstMembers(c, h.Role, m)
	noteAudit(c, "workspace/"+name, auditOfFirstMembers(res))
	if len(res.MissingUsers)+len(res.MissingGroups) > 0 {
		res.CSRF = sessionOf(c).CSRFToken
		return s.render(c, http.StatusBadGateway, name, "workspaces", views.WorkspacePartlyCreated(res))
	}
	return c.Redirect(http.StatusSeeOther, workspaceLocation(name, url.Values{"done": {"finished"}}))
}

// membersToFinish resolves the finish form's user IDs and group names;
// an unknown one refuses the whole form.
func (s *Server) membersToFinish(c echo.Context, userIDs, groupNames []string) (firstMembers, error) {
	ctx := c.Request().Context()
	var m firstMembers
	for _, id := range userIDs {
		u, err := s.Keycloak.GetUser(ctx, id)
		if err != nil {
			return m, upstreamError(err, "one of the users")
		}
		m.users = append(m.users, keycloak.UserRef{ID: u.ID, Username: u.Username, Email: u.Email})
	}
	if len(groupNames) == 0 {
		return m, nil
	}
	groups, err := s.bulkGroups(ctx)
	if err != nil {
		return m, upstreamError(err, "the groups")
	}
	for _, name := range groupNames {
		i := slices.IndexFunc(groups, func(g keycloak.GroupRef) bool { return g.Name == name })
		if i < 0 {
			return m, &Error{Status: http.StatusUnprocessableEntity, Title: "Unknown group",
				Message: "One of the groups does not exist (any more). Nothing was changed."}
		}
		m.groups = append(m.groups, groups[i])
	}
	return m, nil
}
