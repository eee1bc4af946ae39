package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

const (
	keyRequestID = "request_id"
	keyLogger    = "logger"
	keySession   = "session"
)

// requestID gives every request a fresh ID, sent back in X-Request-Id and
// attached to every log line about the request. An ID sent by the client
// is not trusted: it could be chosen to confuse the logs.
func (s *Server) requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		c.Set(keyRequestID, id)
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		c.Set(keyLogger, s.Log.With("request_id", id, "client_ip", c.RealIP()))
		return next(c)
	}
}

func requestIDOf(c echo.Context) string {
	id, _ := c.Get(keyRequestID).(string)
	return id
}

func logOf(c echo.Context) *slog.Logger {
	if l, ok := c.Get(keyLogger).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// logRequests writes one line per request. The query string is left out:
// the login callback carries the authorization code there.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		level := slog.LevelInfo
		path := c.Request().URL.Path
		if path == "/healthz" || path == "/readyz" || strings.HasPrefix(path, "/admin/static/") {
			level = slog.LevelDebug
		}
		attrs := []any{"method", c.Request().Method, "path", path, "route", c.Path(),
			"status", c.Response().Status, "duration_ms", time.Since(start).Milliseconds()}
		if se := sessionOf(c); se.SignedIn() {
			attrs = append(attrs, "user", se.Username)
		}
		logOf(c).Log(c.Request().Context(), level, "request", attrs...)
		return nil
	}
}

// recoverPanics turns a panic into a logged error and a generic page.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				buf := make([]byte, 4<<10)
				buf = buf[:runtime.Stack(buf, false)]
				logOf(c).Error("panic", "error", fmt.Sprint(r), "stack", string(buf))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

// securityHeaders sets a strict Content-Security-Policy (no inline
// script, no framing) and related headers on every response.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	formAction := "'self'"
	if u, err := url.Parse(s.Config.KeycloakURL); err == nil {
		// Logging out posts a form that is redirected to Keycloak; browsers
		// check form-action against that redirect too.
		formAction += " " + u.Scheme + "://" + u.Host
	}
	csp := "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self'; form-action " + formAction + "; frame-ancestors 'none'; base-uri 'none'"
	hsts := s.Config.SecureCookies()
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if !strings.HasPrefix(c.Request().URL.Path, "/admin/static/") {
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}

// timeout bounds each request's context, so a hanging Keycloak, MinIO or
// API server cannot hold a request for ever.
func (s *Server) timeout(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.Config.RequestTimeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}
