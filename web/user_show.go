package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/auth"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// showUser shows one user's details, groups and sign-in state.
func (s *Server) showUser(c echo.Context) error {
	det, err := s.Keycloak.UserDetails(c.Request().Context(), c.Param("id"))
	if err != nil {
		return upstreamError(err, "the user")
	}
	return s.renderUser(c, http.StatusOK, det, views.PasswordForm{})
}

// notices confirm a finished change after its redirect (?done=...).
var notices = map[string]string{
	"admin":      "Administrator rights changed.",
	"logout":     "Every session of this user has ended.",
	"workspaces": "Workspace access granted.",
	"email":      "The reset e-mail was sent.",
	"profile":    "The details were saved.",
}

func (s *Server) renderUser(c echo.Context, status int, det keycloak.Details, pf views.PasswordForm) error {
	return s.renderUserPage(c, status, views.UserPage{User: det, Password: pf,
		Notice: notices[c.QueryParam("done")]})
}

// userFlash shows the user's page again with a refusal next to the admin
// rights form.
func (s *Server) userFlash(c echo.Context, det keycloak.Details, status int, msg string) error {
	return s.renderUserPage(c, status, views.UserPage{User: det, AdminError: msg})
}

func (s *Server) renderUserPage(c echo.Context, status int, page views.UserPage) error {
	smtp, err := s.Keycloak.SMTPConfigured(c.Request().Context())
	if err != nil {
		return upstreamError(err, "the realm's settings")
	}
	page.SMTP = smtp
	se := sessionOf(c)
	page.CSRF = se.CSRFToken
	page.Manage = s.groups.RoleOf(se.Groups) == auth.RoleAdmin
	page.IsAdmin = s.isAdmin(page.User)
	page.Self = page.User.Username == se.Username
	if page.Manage {
		page.Access, err = s.Keycloak.Access(c.Request().Context(), page.User.ID, page.User.GroupIDs)
		if err != nil {
			return upstreamError(err, "the user's workspaces")
		}
	}
	return s.render(c, status, page.User.Username, "users", views.User(page))
}

// upstreamError turns a Keycloak failure into a safe page: not found,
// refused token (an operator's problem, said plainly) or unavailable.
func upstreamError(err error, what string) error {
	switch {
	case errors.Is(err, keycloak.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Title: "Not found",
			Message: "Keycloak does not know " + what + " you asked for. It may have been deleted.", Err: err}
	case errors.Is(err, keycloak.ErrTokenRefused):
		return &Error{Status: http.StatusServiceUnavailable, Title: "Keycloak refused the portal",
			Message: keycloak.ErrTokenRefused.Error(), Err: err}
	default:
		return &Error{Status: http.StatusBadGateway, Title: "Keycloak did not answer",
			Message: "The portal could not read " + what + " from Keycloak. Nothing was changed. " +
				"Try again in a minute.", Err: err}
	}
}
