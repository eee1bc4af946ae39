package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/views"
)

// showDashboard is the landing page: who is signed in, whether the
// platform's services answer, and the areas the person may use.
func (s *Server) showDashboard(c echo.Context) error {
	checks := s.checkServices(c.Request().Context())
	services := make([]views.ServiceStatus, 0, len(checks))
	for _, ch := range checks {
		services = append(services, views.ServiceStatus{Name: ch.Name, OK: ch.Err == nil, Message: ch.Message()})
	}
	p := s.page(c, "Dashboard", "dashboard")
	var incomplete []store.Run
	if p.Admin && s.Offboard != nil {
		runs, err := s.Offboard.Incomplete(c.Request().Context())
		if err != nil {
			return err
		}
		incomplete = runs
	}
	return s.render(c, http.StatusOK, "Dashboard", "dashboard", views.Dashboard(p, services, incomplete))
}

// showUnavailable answers for an area the portal does not offer yet.
func (s *Server) showUnavailable(n views.NavItem) echo.HandlerFunc {
	return func(c echo.Context) error {
		return s.render(c, http.StatusOK, n.Label, n.Key, views.Unavailable(n))
	}
}
