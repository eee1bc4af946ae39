package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// showWorkspace shows a workspace's state and members, and confirms the
// change that led here (?done=..., ?removed=<username>).
func (s *Server) showWorkspace(c echo.Context) error {
	return s.renderWorkspace(c, http.StatusOK, func(p *views.WorkspacePage) {
		q := c.QueryParams()
		p.Notice = workspaceNotice(q)
		if who := q.Get("removed"); who != "" {
			var ended string
			p.Remaining, ended = remainingAccess(p.Members, who, q.Get("sessions") == "ended")
			p.Notice = strings.TrimSpace(p.Notice + " " + ended)
		}
	})
}

// renderWorkspace reads the workspace's page, lets adjust fill in a
// notice or a form's refusal, and renders it with the status.
func (s *Server) renderWorkspace(c echo.Context, status int, adjust func(*views.WorkspacePage)) error {
	p, err := s.loadWorkspace(c, c.Param("workspace"))
	if err != nil {
		return err
	}
	p.CSRF = sessionOf(c).CSRFToken
	p.KeptGroups = []string{s.Config.AdminGroup, s.Config.UserGroup}
	if adjust != nil {
		adjust(&p)
	}
	return s.render(c, status, p.Role.Workspace(), "workspaces", views.Workspace(p))
}

// loadWorkspace reads what a workspace's page shows. Keycloak (the role's
// holders, 3 + G calls for G granting groups, and the realm's groups),
// the cluster and storage are asked at the same time.
func (s *Server) loadWorkspace(c echo.Context, workspace string) (views.WorkspacePage, error) {
	if !form.IsDNSLabel(workspace) {
		return views.WorkspacePage{}, errNoWorkspace
	}
	ctx := c.Request().Context()
	state := make(chan views.WorkspaceState, 1)
	go func() { state <- s.readWorkspaceState(c, workspace) }()
	var groups []keycloak.GroupRef
	var groupsErr error
	groupsRead := make(chan struct{})
	go func() {
		defer close(groupsRead)
		groups, groupsErr = s.bulkGroups(ctx)
	}()

	h, err := s.workspaceHolders(ctx, workspace)
	<-groupsRead
	p := views.WorkspacePage{State: <-state}
	if err != nil {
		return p, err
	}
	if groupsErr != nil {
		return p, upstreamError(groupsErr, "the groups")
	}

	p.Role, p.Members = h.Role, h.Members()
	granting := map[string]bool{}
	for _, gm := range h.Groups {
		p.Granting = append(p.Granting, gm.Group)
		granting[gm.Group.ID] = true
	}
	for _, g := range groups {
		if !granting[g.ID] {
			p.Grantable = append(p.Grantable, g)
		}
	}
	return p, nil
}

// workspaceNotice confirms a finished change after its redirect.
func workspaceNotice(q url.Values) string {
	switch q.Get("done") {
	case "created":
		return "The workspace was created. The platform sets up its Profile, namespace and " +
			"buckets shortly; until then it shows as waiting for the platform."
	case "finished":
		return "Every first member now has access."
	case "added":
		return q.Get("user") + " now has direct access."
	case "granted":
		return "Group " + q.Get("group") + " now grants the workspace: its members have access."
	case "left":
		return q.Get("user") + " was taken out of group " + q.Get("group") + "."
	}
	return ""
}

// remainingAccess says, after a removal, whether the person still holds
// the workspace and how: the remaining path, or a notice that access ended.
func remainingAccess(members []keycloak.Member, username string, sessionsEnded bool) (remaining, notice string) {
	for _, m := range members {
		if m.User.Username == username {
			return username + " still has access " + m.Via() + ".", ""
		}
	}
	notice = username + " no longer has access to the workspace."
	if sessionsEnded {
		notice += " Their sessions were ended."
	}
	return "", notice
}
