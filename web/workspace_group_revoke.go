package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// showRevokeFromGroup previews revoking the workspace from a group: who
// loses access and who keeps it another way, with a confirmation.
func (s *Server) showRevokeFromGroup(c echo.Context) error {
	h, gm, err := s.grantingGroup(c)
	if err != nil {
		return err
	}
	return s.renderRevokePreview(c, http.StatusOK, h, gm, "")
}

// revokeFromGroup removes the workspace's mapping from a group once
// confirmed. Members who hold it no other way lose access, and their
// sessions end unless the form says otherwise; the group keeps its
// members.
func (s *Server) revokeFromGroup(c echo.Context) error {
	h, gm, err := s.grantingGroup(c)
	if err != nil {
		return err
	}
	target := "workspace/" + h.Role.Workspace()
	noteAudit(c, target, "")
	if c.FormValue("confirm") != "yes" {
		noteAudit(c, target, "refused: not confirmed")
		return s.renderRevokePreview(c, http.StatusUnprocessableEntity, h, gm,
			"Tick the confirmation box to revoke the workspace from the group.")
	}

	ctx := c.Request().Context()
	if err := s.Keycloak.RevokeGroupRoles(ctx, gm.Group.ID, []keycloak.Role{h.Role}); err != nil {
		return upstreamError(err, "the group's roles")
	}
	losing, keeping := h.WithoutGroup(gm.Group.Name)
	endSessions := c.FormValue("end_sessions") == "yes"
	rows, failed := make([]views.BulkRow, 0, len(losing)+len(keeping)), 0
	for _, m := range losing {
		row := views.BulkRow{Username: m.User.Username, OK: true, Message: "lost access"}
		if endSessions {
			if err := s.Keycloak.LogoutEverywhere(ctx, m.User.ID); err != nil {
				row.OK, row.Message = false, "lost access, but ending the sessions failed"
				failed++
			} else {
				row.Message = "lost access; sessions ended"
			}
		}
		rows = append(rows, row)
	}
	for _, m := range keeping {
		rows = append(rows, views.BulkRow{Username: m.User.Username, OK: true,
			Message: "still has access " + m.Via()})
	}
	noteAudit(c, target, fmt.Sprintf("revoked from group %s: %d lost access, %d kept it; "+
		"ending sessions failed for %d", gm.Group.Name, len(losing), len(keeping), failed))
	status := http.StatusOK
	if failed > 0 {
		status = http.StatusBadGateway
	}
	return s.render(c, status, "Revoked", "workspaces",
		views.Revoked(h.Role.Workspace(), gm.Group.Name, rows))
}

// grantingGroup reads the workspace and the group of the route (by ID,
// which needs no escaping) that grants it; a group that does not grant it
// is not found.
func (s *Server) grantingGroup(c echo.Context) (keycloak.Holders, keycloak.GroupMembers, error) {
	h, err := s.workspaceHolders(c.Request().Context(), c.Param("workspace"))
	if err != nil {
		return h, keycloak.GroupMembers{}, err
	}
	id := c.Param("group")
	i := slices.IndexFunc(h.Groups, func(g keycloak.GroupMembers) bool { return g.Group.ID == id })
	if i < 0 {
		return h, keycloak.GroupMembers{}, &Error{Status: http.StatusNotFound, Title: "Not granted",
			Message: "That group does not grant this workspace (any more). Nothing was changed."}
	}
	return h, h.Groups[i], nil
}

func (s *Server) renderRevokePreview(c echo.Context, status int, h keycloak.Holders,
	gm keycloak.GroupMembers, msg string) error {
	losing, keeping := h.WithoutGroup(gm.Group.Name)
	p := views.RevokePreview{Workspace: h.Role.Workspace(), Group: gm.Group.Name,
		GroupID: gm.Group.ID, Losing: losing, Keeping: keeping, Error: msg,
		CSRF: sessionOf(c).CSRFToken}
	return s.render(c, status, "Revoke "+h.Role.Workspace(), "workspaces", views.RevokeGroup(p))
}
