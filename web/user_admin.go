package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
)

// changeAdminRights grants or revokes membership of the admin group. It
// needs the confirmation box ticked, refuses to remove the last
// administrator, and refuses an administrator's own revocation: another
// administrator must do that, so nobody locks themselves out by accident.
// A revocation ends the person's sessions unless the form says otherwise.
func (s *Server) changeAdminRights(c echo.Context) error {
	ctx := c.Request().Context()
	det, err := s.Keycloak.UserDetails(ctx, c.Param("id"))
	if err != nil {
		return upstreamError(err, "the user")
	}
	grant := c.FormValue("grant") == "true"
	noteAudit(c, "user/"+det.Username, "")

	if c.FormValue("confirm") != "yes" {
		return s.userFlash(c, det, http.StatusUnprocessableEntity,
			"Tick the confirmation box to change administrator rights.")
	}
	if !grant && det.ID == sessionOf(c).Subject {
		noteAudit(c, "user/"+det.Username, "refused: own rights")
		return s.userFlash(c, det, http.StatusUnprocessableEntity,
			"You cannot revoke your own administrator rights. Ask another administrator.")
	}

	if grant {
		err = s.Keycloak.AddToGroup(ctx, det.ID, s.Config.AdminGroup)
	} else {
		err = s.Keycloak.RemoveFromGroupKeepingOne(ctx, det.ID, s.Config.AdminGroup)
	}
	if errors.Is(err, keycloak.ErrLastMember) {
		noteAudit(c, "user/"+det.Username, "refused: last administrator")
		return s.userFlash(c, det, http.StatusUnprocessableEntity,
			"This is the last administrator; grant someone else administrator rights first.")
	}
	if err != nil {
		return upstreamError(err, "the user")
	}

	detail := "admin rights granted"
	if !grant {
		detail = "admin rights revoked"
		if c.FormValue("end_sessions") == "yes" {
			if err := s.Keycloak.LogoutEverywhere(ctx, det.ID); err != nil {
				noteAudit(c, "user/"+det.Username, detail+"; ending sessions failed")
				return upstreamError(err, "the user's sessions")
			}
			detail += "; sessions ended"
		}
	}
	noteAudit(c, "user/"+det.Username, detail)
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+url.PathEscape(det.ID)+"?done=admin")
}

// logoutEverywhere ends every Keycloak session of the user.
func (s *Server) logoutEverywhere(c echo.Context) error {
	ctx := c.Request().Context()
	det, err := s.Keycloak.UserDetails(ctx, c.Param("id"))
	if err != nil {
		return upstreamError(err, "the user")
	}
	noteAudit(c, "user/"+det.Username, "sessions ended")
	if err := s.Keycloak.LogoutEverywhere(ctx, det.ID); err != nil {
		return upstreamError(err, "the user's sessions")
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+url.PathEscape(det.ID)+"?done=logout")
}

// isAdmin says whether the user's groups include the admin group.
func (s *Server) isAdmin(det keycloak.Details) bool {
	return slices.Contains(det.Groups, s.Config.AdminGroup)
}
