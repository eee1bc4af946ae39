package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/views"
)

// sendResetEmail has Keycloak e-mail the user a link to set a new
// password (and, if chosen, a new OTP device), valid for the chosen time.
func (s *Server) sendResetEmail(c echo.Context) error {
	ctx := c.Request().Context()
	det, err := s.Keycloak.UserDetails(ctx, c.Param("id"))
	if err != nil {
		return upstreamError(err, "the user")
	}
	noteAudit(c, "user/"+det.Username, "")

	lifespan, ok := views.LinkLifespans[c.FormValue("lifespan")]
	if !ok {
		return s.renderUserPage(c, http.StatusUnprocessableEntity,
			views.UserPage{User: det, EmailError: "Choose how long the link stays valid."})
	}
	smtp, err := s.Keycloak.SMTPConfigured(ctx)
	if err != nil {
		return upstreamError(err, "the realm's settings")
	}
	if !smtp || det.Email == "" {
		noteAudit(c, "user/"+det.Username, "refused: no SMTP server or no e-mail address")
		return s.renderUserPage(c, http.StatusUnprocessableEntity,
			views.UserPage{User: det, EmailError: "No e-mail can be sent: the realm has no SMTP server " +
				"or the user has no e-mail address. Set a temporary password instead."})
	}

	actions := []string{"UPDATE_PASSWORD"}
	if c.FormValue("otp") == "yes" {
		actions = append(actions, "CONFIGURE_TOTP")
	}
	if err := s.Keycloak.SendActionsEmail(ctx, det.ID, actions, lifespan); err != nil {
		return upstreamError(err, "the e-mail")
	}
	noteAudit(c, "user/"+det.Username, "reset e-mail sent, link valid "+lifespan.String())
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+url.PathEscape(det.ID)+"?done=email")
}
