package web

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/upstream"
	"github.com/prokube/pkadmin/static"
)

// checkTimeout bounds each dependency check of /readyz and the dashboard.
const checkTimeout = 3 * time.Second

// check is the result of asking one dependency whether it answers.
type check struct {
	Name string
	Err  error
}

// Message is a safe sentence about the result, fit for any audience.
func (ch check) Message() string {
	switch {
	case ch.Err == nil:
		return "answering"
	case errors.Is(ch.Err, keycloak.ErrTokenRefused):
		return keycloak.ErrTokenRefused.Error()
	case errors.Is(ch.Err, context.DeadlineExceeded):
		return "no answer within " + checkTimeout.String()
	default:
		return "not answering; see the portal's log"
	}
}

// checkServices asks every dependency at once and logs each failure.
func (s *Server) checkServices(ctx context.Context) []check {
	deps := []struct {
		name string
		p    Pinger
	}{{"store", s.Store}, {"keycloak", s.Keycloak}, {"minio", s.Storage}, {"kubernetes", s.Cluster}}
	out := make([]check, len(deps))
	var wg sync.WaitGroup
	for i, d := range deps {
		wg.Go(func() {
			cctx, cancel := context.WithTimeout(ctx, checkTimeout)
			defer cancel()
			out[i] = check{Name: d.name, Err: d.p.Ping(cctx)}
			if out[i].Err != nil {
				s.Log.Warn("dependency check failed", "dependency", d.name, "error", upstream.Describe(out[i].Err))
			}
		})
	}
	wg.Wait()
	return out
}

// showHealth says the process is alive; it checks nothing else.
func (s *Server) showHealth(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readiness is the body of /readyz.
type readiness struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
}

// showReadyz reports whether the store, Keycloak, MinIO and the cluster
// answer; 503 when any does not.
func (s *Server) showReadyz(c echo.Context) error {
	body := readiness{Status: "ready", Checks: map[string]string{}}
	status := http.StatusOK
	for _, ch := range s.checkServices(c.Request().Context()) {
		body.Checks[ch.Name] = ch.Message()
		if ch.Err != nil {
			body.Status, status = "not ready", http.StatusServiceUnavailable
		}
	}
	return c.JSON(status, body)
}

// serveStatic serves the embedded assets; their URLs carry a content
// digest, so they may be cached for long.
func (s *Server) serveStatic(c echo.Context) error {
	name := c.Param("*")
	if fi, err := fs.Stat(static.FS, name); err != nil || fi.IsDir() {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeFileFS(c.Response(), c.Request(), static.FS, name)
	return nil
}
