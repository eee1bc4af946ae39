package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// removeDirectAccess removes a member's direct mapping of the workspace
// and, unless the form says otherwise, ends their sessions. The page it
// leads to says whether they still have access through a group.
func (s *Server) removeDirectAccess(c echo.Context) error {
	ctx := c.Request().Context()
	h, err := s.workspaceHolders(ctx, c.Param("workspace"))
	if err != nil {
		return err
	}
	target := "workspace/" + h.Role.Workspace()
	noteAudit(c, target, "")

	m, ok := h.Member(c.FormValue("user"))
	if !ok || !m.Direct {
		return s.refuseRemoval(c, target, "That person does not hold the workspace directly (any more).")
	}
	if err := s.Keycloak.RevokeRoles(ctx, m.User.ID, []keycloak.Role{h.Role}); err != nil {
		return upstreamError(err, "the member's access")
	}
	done := "direct access of " + m.User.Username + " removed"
	return s.endSessionsAfterRemoval(c, h.Role.Workspace(), done, m.User,
		url.Values{"removed": {m.User.Username}})
}

// takeOutOfGroup removes a member from one of the groups that grant the
// workspace, and ends their sessions unless the form says otherwise. The
// admin and platform users' groups are not left here: those change on
// the user's page, with their own checks.
func (s *Server) takeOutOfGroup(c echo.Context) error {
	ctx := c.Request().Context()
	h, err := s.workspaceHolders(ctx, c.Param("workspace"))
	if err != nil {
		return err
	}
	target := "workspace/" + h.Role.Workspace()
	noteAudit(c, target, "")

	id, group, _ := strings.Cut(c.FormValue("membership"), " ")
	m, ok := h.Member(id)
	if !ok || !slices.Contains(m.Groups, group) {
		return s.refuseRemoval(c, target, "That person is not in that group (any more).")
	}
	if s.keptGroup(group) {
		return s.refuseRemoval(c, target, "Membership of "+group+" is changed on the user's page.")
	}
	if err := s.Keycloak.RemoveFromGroup(ctx, m.User.ID, group); err != nil {
		return upstreamError(err, "the group's members")
	}
	done := m.User.Username + " taken out of group " + group
	return s.endSessionsAfterRemoval(c, h.Role.Workspace(), done, m.User, url.Values{
		"done": {"left"}, "user": {m.User.Username}, "group": {group}, "removed": {m.User.Username}})
}

// keptGroup says whether the workspace pages leave the group's members
// alone: leaving the admin group or the platform users' group is more
// than losing a workspace.
func (s *Server) keptGroup(group string) bool {
	return group == s.Config.AdminGroup || group == s.Config.UserGroup
}

// refuseRemoval shows the workspace's page again with the reason next to
// the members.
func (s *Server) refuseRemoval(c echo.Context, target, msg string) error {
	noteAudit(c, target, "refused: "+msg)
	return s.renderWorkspace(c, http.StatusUnprocessableEntity, func(p *views.WorkspacePage) {
		p.Errors = form.Errors{"remove": msg + " Nothing was changed."}
	})
}

// endSessionsAfterRemoval ends the person's sessions when the form asks
// for it, records what was done and leads back to the workspace's page.
func (s *Server) endSessionsAfterRemoval(c echo.Context, workspace, done string, u keycloak.UserRef,
	q url.Values) error {
	target := "workspace/" + workspace
	if c.FormValue("end_sessions") == "yes" {
		if err := s.Keycloak.LogoutEverywhere(c.Request().Context(), u.ID); err != nil {
			noteAudit(c, target, done+"; ending sessions failed")
			return &Error{Status: http.StatusBadGateway, Title: "Sessions not ended",
				Message: "Done: " + done + ". But Keycloak did not answer when the sessions were to " +
					"be ended; end them with \"Log out everywhere\" on the user's page.", Err: err}
		}
		done += "; sessions ended"
		q.Set("sessions", "ended")
	}
	noteAudit(c, target, done)
	return c.Redirect(http.StatusSeeOther, workspaceLocation(workspace, q))
}
