package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/views"
)

// runsShown bounds the runs list; older runs stay in the store.
const runsShown = 200

// showRuns lists the latest offboarding runs, newest first, with their
// status and the step each is at.
func (s *Server) showRuns(c echo.Context) error {
	runs, err := s.Store.ListRuns(c.Request().Context(), store.RunQuery{Limit: runsShown})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Offboarding runs", "", views.Runs(runs))
}
