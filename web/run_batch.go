package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/views"
)

// showBatch shows a bulk deletion: each user's run, its status and the
// step it is at. With ?fragment=runs it answers only the table, which
// the page's script reloads while runs go.
func (s *Server) showBatch(c echo.Context) error {
	id := c.Param("batch")
	runs, err := s.Store.ListRuns(c.Request().Context(), store.RunQuery{BatchID: id,
		Limit: maxBulkUsers})
	if err != nil {
		return err
	}
	if len(runs) == 0 {
		return &Error{Status: http.StatusNotFound, Title: "Not found",
			Message: "There is no bulk deletion of that ID."}
	}
	// The store lists newest first; the users are shown in the order they
	// were recorded.
	slices.Reverse(runs)
	b := views.BatchPage{ID: id, Runs: runs}
	if c.QueryParam("fragment") == "runs" {
		return renderFragment(c, views.BatchProgress(b))
	}
	b.Unrecorded, _ = strconv.Atoi(c.QueryParam("unrecorded"))
	return s.render(c, http.StatusOK, "Bulk deletion", "users", views.Batch(b))
}
