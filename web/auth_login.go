package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/auth"
	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/views"
)

// startLogin begins the authorization-code flow with PKCE, state and nonce.
func (s *Server) startLogin(c echo.Context) error {
	ctx := c.Request().Context()
	next := safeNext(c.QueryParam("next"))

	if se, err := s.sessions.Load(ctx, c.Request()); err == nil && se.SignedIn() {
		return c.Redirect(http.StatusSeeOther, next)
	}

	se, err := s.sessions.StartLogin(ctx, c.Response(), next)
	if err != nil {
		return err
	}
	target, err := s.Provider.AuthCodeURL(ctx, se)
	if err != nil {
		return keycloakDown(err)
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// finishLogin is where Keycloak sends the browser back: it checks the
// state, exchanges the code, and starts a new session under a new ID.
func (s *Server) finishLogin(c echo.Context) error {
	ctx := c.Request().Context()
	pending, err := s.sessions.Load(ctx, c.Request())
	if err != nil {
		return err
	}
	if pending == nil || pending.State == "" || c.QueryParam("state") != pending.State {
		return &Error{Status: http.StatusBadRequest, Title: "Login not recognised",
			Message: "This login has expired or was started elsewhere. Open the portal again to log in."}
	}
	if c.QueryParam("error") != "" {
		return &Error{Status: http.StatusUnauthorized, Title: "Login did not complete",
			Message: "Keycloak did not complete the login. Open the portal again to retry."}
	}

	who, tok, err := s.Provider.Exchange(ctx, c.QueryParam("code"), pending)
	if err != nil {
		return &Error{Status: http.StatusBadGateway, Title: "Login did not complete",
			Message: "The login could not be confirmed with Keycloak. Open the portal again to retry.",
			Err:     err}
	}

	se := &auth.Session{Subject: who.Subject, Username: who.Username, Name: who.Name,
		Groups: who.Groups, CheckedAt: time.Now(), IDToken: tok.IDToken, RefreshToken: tok.RefreshToken}
	if err := s.sessions.Establish(ctx, c.Response(), pending, se); err != nil {
		return err
	}
	c.Set(keySession, se)

	role := s.groups.RoleOf(se.Groups)
	outcome := store.OutcomeSuccess
	if role == auth.RoleNone {
		outcome = store.OutcomeRefused
	}
	s.auditEvent(c, se, "auth.login", outcome, "role "+role.String())
	logOf(c).Info("login", "user", se.Username, "role", role.String())
	return c.Redirect(http.StatusSeeOther, pending.Next)
}

// logout ends the portal session, then sends the browser to Keycloak's
// end-session endpoint so the Keycloak session ends too.
func (s *Server) logout(c echo.Context) error {
	ctx := c.Request().Context()
	se := sessionOf(c)
	if err := s.sessions.Destroy(ctx, c.Response(), se); err != nil {
		return err
	}
	target, err := s.Provider.EndSessionURL(ctx, se.IDToken, s.Config.PublicURL.String()+"/admin/logged-out")
	if err != nil {
		return keycloakDown(err)
	}
	return c.Redirect(http.StatusSeeOther, target)
}

func (s *Server) showLoggedOut(c echo.Context) error {
	return s.render(c, http.StatusOK, "Logged out", "", views.LoggedOut())
}

func (s *Server) redirectToAdmin(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, "/admin")
}

// auditEvent records a security event that is not a state-changing
// request of its own, such as a login.
func (s *Server) auditEvent(c echo.Context, se *auth.Session, action string, o store.Outcome, detail string) {
	r := store.AuditRecord{Action: action, Target: "session", Outcome: o, RequestID: requestIDOf(c),
		Detail: detail, ActorUsername: se.Username, ActorSubject: se.Subject}
	if err := s.Store.AppendAudit(context.WithoutCancel(c.Request().Context()), r); err != nil {
		logOf(c).Error("write audit record", "action", action, "error", err.Error())
	}
}

// safeNext keeps post-login redirects inside the portal.
func safeNext(next string) string {
	if next == "/admin" || (strings.HasPrefix(next, "/admin/") && !strings.HasPrefix(next, "//") &&
		!strings.ContainsAny(next, "\\\r\n")) {
		return next
	}
	return "/admin"
}

func keycloakDown(err error) error {
	return &Error{Status: http.StatusServiceUnavailable, Title: "Keycloak is not answering",
		Message: "The login service could not be reached. Try again in a minute.", Err: err}
}
