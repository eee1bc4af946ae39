package web

import (
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/auth"
	"github.com/prokube/pkadmin/views"
)

// route is one entry of the route table: every route says who may use it
// and gets a name that the audit log records.
type route struct {
	method  string
	path    string
	access  auth.Access
	name    string
	handler echo.HandlerFunc
}

// routes is the whole surface of the portal.
func (s *Server) routes() []route {
	r := []route{
		// Health, for the orchestrator.
		{"GET", "/healthz", auth.Public, "health.live", s.showHealth},
		{"GET", "/readyz", auth.Public, "health.ready", s.showReadyz},

		// Assets.
		{"GET", "/admin/static/*", auth.Public, "static", s.serveStatic},

		// Login and logout.
		{"GET", "/", auth.Public, "root", s.redirectToAdmin},
		{"GET", "/admin/login", auth.Public, "auth.login", s.startLogin},
		{"GET", "/admin/callback", auth.Public, "auth.callback", s.finishLogin},
		{"GET", "/admin/logged-out", auth.Public, "auth.logged_out", s.showLoggedOut},
		{"POST", "/admin/logout", auth.SignedIn, "auth.logout", s.logout},

		// Dashboard.
		{"GET", "/admin", auth.Helpdesk, "dashboard.show", s.showDashboard},

		// Users: finding them and resetting credentials is helpdesk work too.
		{"GET", "/admin/users", auth.Helpdesk, "users.list", s.showUsers},
		{"GET", "/admin/users/new", auth.Admin, "user.new", s.showOnboardForm},
		{"POST", "/admin/users", auth.Admin, "user.create", s.onboardUser},
		{"POST", "/admin/users/bulk", auth.Admin, "users.bulk", s.bulkUsers},
		{"GET", "/admin/users/:id", auth.Helpdesk, "user.show", s.showUser},
		{"POST", "/admin/users/:id", auth.Admin, "user.update", s.updateUser},
		{"POST", "/admin/users/:id/workspaces", auth.Admin, "user.grant_workspaces", s.grantWorkspaces},
		{"POST", "/admin/users/:id/password", auth.Helpdesk, "user.reset_password", s.resetPassword},
		{"POST", "/admin/users/:id/reset-email", auth.Helpdesk, "user.reset_email", s.sendResetEmail},
		{"POST", "/admin/users/:id/logout", auth.Admin, "user.logout_everywhere", s.logoutEverywhere},
		{"POST", "/admin/users/:id/admin", auth.Admin, "user.admin_rights", s.changeAdminRights},

		// Platform readiness: users who cannot use the platform, and fixes.
		{"GET", "/admin/readiness", auth.Admin, "readiness.show", s.showPlatformReadiness},
		{"POST", "/admin/readiness", auth.Admin, "readiness.fix", s.fixPlatformReadiness},
	}

	// Areas that later work fills; each says plainly that it is not there yet.
	for _, n := range views.Nav {
		if slices.ContainsFunc(r, func(rt route) bool { return rt.method == "GET" && rt.path == n.Href }) {
			continue
		}
		access := auth.Admin
		if n.Helpdesk {
			access = auth.Helpdesk
		}
		r = append(r, route{"GET", n.Href, access, n.Key + ".show", s.showUnavailable(n)})
	}
	return r
}

func (s *Server) registerRoutes() {
	for _, rt := range s.routes() {
		s.echo.Add(rt.method, rt.path, rt.handler, s.guard(rt)).Name = rt.name
	}
}
