package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// showGroupDeletion previews deleting the group: which members lose which
// roles, and who keeps a role because they hold it another way.
func (s *Server) showGroupDeletion(c echo.Context) error {
	g, err := s.groupOf(c)
	if err != nil {
		return err
	}
	return s.renderGroupDeletion(c, http.StatusOK, g, "", "")
}

// deleteGroup deletes the group once its name is typed as confirmation,
// then ends the sessions of the members who lost a role (unless the form
// says otherwise). The platform's own groups are never deleted.
func (s *Server) deleteGroup(c echo.Context) error {
	ctx := c.Request().Context()
	g, err := s.groupOf(c)
	if err != nil {
		return err
	}
	noteAudit(c, "group/"+g.Name, "")
	if s.protectedGroup(g.Name) {
		noteAudit(c, "group/"+g.Name, "refused: protected group")
		return s.renderGroupDeletion(c, http.StatusUnprocessableEntity, g, "", "")
	}
	confirm := strings.TrimSpace(c.FormValue("confirm"))
	if confirm != g.Name {
		noteAudit(c, "group/"+g.Name, "refused: not confirmed")
		return s.renderGroupDeletion(c, http.StatusUnprocessableEntity, g, confirm,
			"Type the group's name exactly as shown to confirm.")
	}

	losses, err := s.lossesOf(ctx, g.ID, g.Roles)
	if err != nil {
		return upstreamError(err, "the holders of the group's roles")
	}
	if err := s.Keycloak.DeleteGroup(ctx, g.ID); err != nil {
		return upstreamError(err, "the group")
	}

	var lostIDs []string
	for _, l := range losses {
		if len(l.Loses) > 0 {
			lostIDs = append(lostIDs, l.User.ID)
		}
	}
	detail, done := fmt.Sprintf("deleted; %d members lost a role", len(lostIDs)), "deleted"
	if c.FormValue("end_sessions") == "yes" && len(lostIDs) > 0 {
		failed := s.endSessions(ctx, lostIDs)
		detail += fmt.Sprintf("; sessions ended, %d failed", failed)
		if failed > 0 {
			done = "sessions"
		}
	}
	noteAudit(c, "group/"+g.Name, detail)
	return c.Redirect(http.StatusSeeOther, "/admin/groups?done="+done)
}

func (s *Server) renderGroupDeletion(c echo.Context, status int, g keycloak.GroupInfo,
	confirm, msg string) error {
	d := views.GroupDeletion{Group: g, Protected: s.protectedGroup(g.Name),
		CSRF: sessionOf(c).CSRFToken, Confirm: confirm, Error: msg}
	if !d.Protected {
		var err error
		if d.Losses, err = s.lossesOf(c.Request().Context(), g.ID, g.Roles); err != nil {
			return upstreamError(err, "the holders of the group's roles")
		}
	}
	return s.render(c, status, "Delete "+g.Name, "groups", views.DeleteGroup(d))
}
