package web

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/views"
)

// startWait bounds how long a retry waits for its run to be picked up,
// so the page it leads to already shows the run going.
const startWait = 2 * time.Second

// retryRun continues a failed or interrupted run from the step that did
// not finish, in the background. A run that is going or done is left
// alone.
func (s *Server) retryRun(c echo.Context) error {
	page, err := s.loadRun(c)
	if err != nil {
		return err
	}
	r := page.Run
	noteAudit(c, "run/"+r.ID, "")
	if !views.Retryable(r) {
		noteAudit(c, "run/"+r.ID, "refused: run is "+string(r.Status))
		page.Refusal = "This run is " + string(r.Status) + "; there is nothing to retry."
		return s.render(c, http.StatusConflict, "Delete "+r.Target, runSection(page), views.Run(page))
	}

	step := views.CurrentStep(r).Name
	s.startInBackground(c, "run_id", r.ID, func(ctx context.Context) error {
		return s.Offboard.Resume(ctx, r.ID)
	})
	s.awaitStart(c.Request().Context(), r.ID)
	noteAudit(c, "run/"+r.ID, "resumed at "+step+" ("+r.Kind+" "+r.Target+")")
	return c.Redirect(http.StatusSeeOther, string(views.RunURL(r.ID))+"?done=retry")
}

// awaitStart waits, briefly, until the run is no longer marked as
// stopped.
func (s *Server) awaitStart(ctx context.Context, runID string) {
	ctx, cancel := context.WithTimeout(ctx, startWait)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		r, err := s.Store.GetRun(ctx, runID)
		if err != nil || !views.Retryable(r) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
