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

		// Realm roles: every role and its holders; workspaces (pk:) are
		// deleted through offboarding, not here.
		{"GET", "/admin/roles", auth.Admin, "roles.list", s.showRoles},
		{"GET", "/admin/roles/new", auth.Admin, "role.new", s.showRoleForm},
		{"POST", "/admin/roles", auth.Admin, "role.create", s.createRole},
		{"GET", "/admin/roles/:role/delete", auth.Admin, "role.delete_preview", s.showRoleDelete},
		{"POST", "/admin/roles/:role/delete", auth.Admin, "role.delete", s.deleteRole},

		// Workspaces: the pk: roles, who holds each and how, and their state
		// in the cluster and storage. None is deleted here: that is offboarding.
		{"GET", "/admin/workspaces", auth.Admin, "workspaces.list", s.showWorkspaces},
		{"GET", "/admin/workspaces/new", auth.Admin, "workspace.new", s.showWorkspaceForm},
		{"POST", "/admin/workspaces", auth.Admin, "workspace.create", s.createWorkspace},
		{"GET", "/admin/workspaces/:workspace", auth.Admin, "workspace.show", s.showWorkspace},
		{"POST", "/admin/workspaces/:workspace/finish", auth.Admin, "workspace.finish", s.finishWorkspace},
		{"POST", "/admin/workspaces/:workspace/members", auth.Admin, "workspace.add_member", s.addWorkspaceMember},
		{"POST", "/admin/workspaces/:workspace/members/remove", auth.Admin, "workspace.remove_direct", s.removeDirectAccess},
		{"POST", "/admin/workspaces/:workspace/groups", auth.Admin, "workspace.grant_group", s.grantWorkspaceToGroup},
		{"POST", "/admin/workspaces/:workspace/groups/leave", auth.Admin, "workspace.leave_group", s.takeOutOfGroup},
		{"GET", "/admin/workspaces/:workspace/groups/:group/revoke", auth.Admin, "workspace.revoke_preview", s.showRevokeFromGroup},
		{"POST", "/admin/workspaces/:workspace/groups/:group/revoke", auth.Admin, "workspace.revoke_group", s.revokeFromGroup},

		// Groups: members and the realm roles each grants. The admin group's
		// members change only on the user's page; the platform's groups stay.
		{"GET", "/admin/groups", auth.Admin, "groups.list", s.showGroups},
		{"GET", "/admin/groups/new", auth.Admin, "group.new", s.showNewGroupForm},
		{"POST", "/admin/groups", auth.Admin, "group.create", s.createGroup},
		{"GET", "/admin/groups/:group", auth.Admin, "group.show", s.showGroup},
		{"POST", "/admin/groups/:group/members", auth.Admin, "group.add_member", s.addGroupMember},
		{"POST", "/admin/groups/:group/members/remove", auth.Admin, "group.remove_member", s.removeGroupMember},
		{"POST", "/admin/groups/:group/roles", auth.Admin, "group.grant_role", s.grantGroupRole},
		{"POST", "/admin/groups/:group/roles/remove", auth.Admin, "group.revoke_role", s.revokeGroupRole},
		{"GET", "/admin/groups/:group/delete", auth.Admin, "group.delete_preview", s.showGroupDeletion},
		{"POST", "/admin/groups/:group/delete", auth.Admin, "group.delete", s.deleteGroup},

		// Archive: buckets kept by offboarding, read from MinIO's tags alone,
		// and their purge, the only action that destroys stored data.
		{"GET", "/admin/archive", auth.Admin, "archive.list", s.showArchive},
		{"GET", "/admin/archive/:bucket/purge", auth.Admin, "archive.purge_preview", s.showPurge},
		{"POST", "/admin/archive/:bucket/purge", auth.Admin, "archive.purge", s.purgeBucket},

		// Audit log: who changed what, and when.
		{"GET", "/admin/audit", auth.Admin, "audit.list", s.showAudit},

		// Offboarding: deleting users and workspaces with their storage and
		// cluster resources, after a preview, as runs that can be watched
		// and retried.
		{"GET", "/admin/users/:id/delete", auth.Admin, "user.delete_preview", s.showUserDeletion},
		{"POST", "/admin/users/:id/delete", auth.Admin, "user.delete", s.deleteUser},
		{"POST", "/admin/users/bulk/delete-preview", auth.Admin, "users.delete_preview", s.previewBulkDeletion},
		{"POST", "/admin/users/bulk/delete", auth.Admin, "users.delete", s.deleteUsers},
		{"GET", "/admin/workspaces/:workspace/delete", auth.Admin, "workspace.delete_preview", s.showWorkspaceDeletion},
		{"POST", "/admin/workspaces/:workspace/delete", auth.Admin, "workspace.delete", s.deleteWorkspace},
		{"GET", "/admin/runs", auth.Admin, "runs.list", s.showRuns},
		{"GET", "/admin/runs/:run", auth.Admin, "run.show", s.showRun},
		{"POST", "/admin/runs/:run/retry", auth.Admin, "run.retry", s.retryRun},
		{"GET", "/admin/batches/:batch", auth.Admin, "batch.show", s.showBatch},

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
