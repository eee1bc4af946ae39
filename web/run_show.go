package web

import (
	"bytes"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/upstream"
	"github.com/prokube/pkadmin/views"
)

// runNotices confirm a change after its redirect (?done=...).
var runNotices = map[string]string{
	"retry": "The run continues from the step that did not finish.",
}

// showRun shows a run's steps and the state of its namespace. With
// ?fragment=steps it answers only the part that changes, which the
// page's script reloads while the run goes; without the script a reload
// of the page shows the same.
func (s *Server) showRun(c echo.Context) error {
	page, err := s.loadRun(c)
	if err != nil {
		return err
	}
	page.Notice = runNotices[c.QueryParam("done")]
	if c.QueryParam("fragment") == "steps" {
		return renderFragment(c, views.RunProgress(page))
	}
	return s.render(c, http.StatusOK, "Delete "+page.Run.Target, runSection(page), views.Run(page))
}

// runSection marks the navigation area of what the run deletes.
func runSection(p views.RunPage) string {
	if p.Run.Kind == string(offboard.KindWorkspace) {
		return "workspaces"
	}
	return "users"
}

// loadRun reads the route's run, its plan, and the state of the Profile
// and namespace it deletes.
func (s *Server) loadRun(c echo.Context) (views.RunPage, error) {
	if s.Offboard == nil {
		return views.RunPage{}, offboardingOff
	}
	ctx := c.Request().Context()
	r, plan, err := s.Offboard.Get(ctx, c.Param("run"))
	if err != nil {
		return views.RunPage{}, previewError(err, "run")
	}
	page := views.RunPage{Run: r, Plan: plan, CSRF: sessionOf(c).CSRFToken}
	if s.Cluster != nil && plan.Profile != "" {
		st, err := s.Cluster.State(ctx, plan.Profile)
		if err != nil {
			logOf(c).Warn("read the state of a run's namespace", "run_id", r.ID,
				"error", upstream.Describe(err))
		} else {
			page.Cluster, page.ClusterKnown = st, true
		}
	}
	return page, nil
}

// renderFragment writes one component without the layout, for a page's
// script to put in place.
func renderFragment(c echo.Context, comp templ.Component) error {
	var buf bytes.Buffer
	if err := comp.Render(c.Request().Context(), &buf); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}
