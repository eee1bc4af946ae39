package web

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/auth"
	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/views"
)

// guard enforces a route's access declaration: it loads the session,
// re-reads the person's groups when they are older than the recheck
// interval, refuses roles the route does not allow, checks the CSRF token
// of state-changing requests and records those in the audit log.
func (s *Server) guard(rt route) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if rt.access == auth.Public {
				return next(c)
			}
			ctx := c.Request().Context()
			unsafe := isUnsafe(c.Request().Method)

			se, err := s.sessions.Load(ctx, c.Request())
			if err != nil {
				return err
			}
			if !se.SignedIn() {
				if unsafe {
					s.audit(c, rt, nil, store.OutcomeRefused, "not signed in")
				}
				return redirectToLogin(c)
			}
			c.Set(keySession, se)

			if err := s.recheck(c, se); errors.Is(err, auth.ErrLoginExpired) {
				_ = s.sessions.Destroy(ctx, c.Response(), se)
				return redirectToLogin(c)
			} else if err != nil {
				return &Error{Status: http.StatusServiceUnavailable, Title: "Keycloak is not answering",
					Message: "The portal could not confirm your access with Keycloak. Try again in a minute.",
					Err:     err}
			}

			role := s.groups.RoleOf(se.Groups)
			if !rt.access.Allows(role) {
				if unsafe {
					s.audit(c, rt, se, store.OutcomeRefused, "role "+role.String())
				}
				return s.forbidden(c, role)
			}

			if unsafe && !s.sameOrigin(c, se) {
				s.audit(c, rt, se, store.OutcomeRefused, "cross-site request or missing form token")
				return &Error{Status: http.StatusForbidden, Title: "Form expired",
					Message: "The form was not accepted because it came from elsewhere or is too old. " +
						"Reload the page and try again."}
			}
			if !unsafe {
				return next(c)
			}

			err = next(c)
			s.audit(c, rt, se, outcomeOf(c, err), auditDetailOf(c))
			return err
		}
	}
}

// recheck refreshes the session's groups from Keycloak once they are older
// than the configured interval.
func (s *Server) recheck(c echo.Context, se *auth.Session) error {
	if time.Since(se.CheckedAt) < s.Config.AccessRecheck {
		return nil
	}
	ctx := c.Request().Context()
	who, tok, err := s.Provider.Refresh(ctx, se.RefreshToken)
	if err != nil {
		return err
	}
	se.Groups, se.Name, se.CheckedAt = who.Groups, who.Name, time.Now()
	se.IDToken, se.RefreshToken = tok.IDToken, tok.RefreshToken
	return s.sessions.Save(ctx, se)
}

// sameOrigin accepts a state-changing request only when it carries the
// session's form token, and the browser does not call it cross-site.
func (s *Server) sameOrigin(c echo.Context, se *auth.Session) bool {
	if site := c.Request().Header.Get("Sec-Fetch-Site"); site == "cross-site" {
		return false
	}
	token := c.Request().Header.Get("X-CSRF-Token")
	if token == "" {
		token = c.FormValue("csrf")
	}
	return se.CheckCSRF(token)
}

func (s *Server) forbidden(c echo.Context, role auth.Role) error {
	se := sessionOf(c)
	if role == auth.RoleNone {
		return s.render(c, http.StatusForbidden, "Not a platform administrator", "",
			views.NotAdministrator(se.Username))
	}
	return s.render(c, http.StatusForbidden, "Not allowed", "", views.NotAllowedHere())
}

func redirectToLogin(c echo.Context) error {
	next := c.Request().URL.Path
	if isUnsafe(c.Request().Method) {
		next = "/admin"
	}
	return c.Redirect(http.StatusSeeOther, "/admin/login?next="+url.QueryEscape(next))
}

func sessionOf(c echo.Context) *auth.Session {
	se, _ := c.Get(keySession).(*auth.Session)
	return se
}

func isUnsafe(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}
