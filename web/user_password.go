package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/password"
	"github.com/prokube/pkadmin/views"
)

// resetPassword sets a temporary password, generated or typed, which the
// user must change at the next login. A generated one is shown once, on
// the page that answers this request, and never stored or logged.
func (s *Server) resetPassword(c echo.Context) error {
	ctx := c.Request().Context()
	det, err := s.Keycloak.UserDetails(ctx, c.Param("id"))
	if err != nil {
		return upstreamError(err, "the user")
	}
	noteAudit(c, "user/"+det.Username, "")

	form := views.PasswordForm{Mode: c.FormValue("mode")}
	pw := c.FormValue("password")
	if form.Mode == "typed" {
		if err := password.Check(pw, det.Username); err != nil {
			form.Error = err.Error()
			noteAudit(c, "user/"+det.Username, "refused: weak password")
			return s.renderUser(c, http.StatusUnprocessableEntity, det, form)
		}
	} else {
		form.Mode, pw = "generate", password.Generate()
		form.Generated = pw
	}

	if err := s.Keycloak.SetTemporaryPassword(ctx, det.ID, pw); err != nil {
		return upstreamError(err, "the user")
	}
	noteAudit(c, "user/"+det.Username, "temporary password set ("+form.Mode+")")
	logOf(c).Info("temporary password set", "target_user", det.Username, "mode", form.Mode)

	form.Done = true
	det.RequiredActions = append(det.RequiredActions, "UPDATE_PASSWORD")
	return s.renderUser(c, http.StatusOK, det, form)
}
