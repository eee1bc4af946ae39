package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// logoutCalls bounds the sessions ended at once after a role's deletion.
const logoutCalls = 4

// showRoleDelete previews a role's deletion: who holds it, directly and
// through which groups, and the confirmation form, or why it cannot be
// deleted here.
func (s *Server) showRoleDelete(c echo.Context) error {
	name, err := roleParam(c)
	if err != nil {
		return err
	}
	h, err := s.Keycloak.RoleHolders(c.Request().Context(), name)
	if err != nil {
		return upstreamError(err, "the role")
	}
	return s.renderRoleDelete(c, http.StatusOK, h, "", "")
}

// deleteRole deletes a realm role once its name is typed to confirm, and
// then ends its former holders' sessions unless the form says otherwise,
// so the loss of the role takes effect at once. Workspaces and Keycloak's
// own roles are refused and nothing changes.
func (s *Server) deleteRole(c echo.Context) error {
	ctx := c.Request().Context()
	name, err := roleParam(c)
	if err != nil {
		return err
	}
	noteAudit(c, "role/"+name, "")
	h, err := s.Keycloak.RoleHolders(ctx, name)
	if err != nil {
		return upstreamError(err, "the role")
	}

	if reason := s.roleRefusal(h.Role); reason != "" {
		noteAudit(c, "role/"+name, "refused: "+string(h.Role.Kind())+" role")
		return s.renderRoleDelete(c, http.StatusUnprocessableEntity, h, "", "")
	}
	confirm := c.FormValue("confirm")
	if confirm != name {
		noteAudit(c, "role/"+name, "refused: not confirmed")
		return s.renderRoleDelete(c, http.StatusUnprocessableEntity, h, confirm,
			"Type the role's name exactly as shown to delete it.")
	}

	members := h.Members()
	if err := s.Keycloak.DeleteRealmRole(ctx, name); err != nil {
		return upstreamError(err, "the role")
	}
	detail := fmt.Sprintf("deleted, held by %d", len(members))
	q := url.Values{"deleted": {name}}
	if c.FormValue("end_sessions") == "yes" {
		failed := s.endHolderSessions(ctx, members)
		detail += fmt.Sprintf("; sessions ended for %d", len(members)-failed)
		if failed > 0 {
			logOf(c).Warn("ending sessions after a role's deletion failed",
				"role", name, "failed", failed)
			q.Set("unended", strconv.Itoa(failed))
		}
	}
	noteAudit(c, "role/"+name, detail)
	return c.Redirect(http.StatusSeeOther, "/admin/roles?"+q.Encode())
}

// endHolderSessions ends every Keycloak session of the members, a few at a
// time, and returns how many could not be ended.
func (s *Server) endHolderSessions(ctx context.Context, members []keycloak.Member) int {
	var failed atomic.Int32
	var g errgroup.Group
	g.SetLimit(logoutCalls)
	for _, m := range members {
		g.Go(func() error {
			if err := s.Keycloak.LogoutEverywhere(ctx, m.User.ID); err != nil {
				failed.Add(1)
			}
			return nil
		})
	}
	_ = g.Wait()
	return int(failed.Load())
}

// roleRefusal says why a role cannot be deleted on this page, or nothing.
func (s *Server) roleRefusal(r keycloak.Role) string {
	switch {
	case r.Kind() == keycloak.KindPlatform:
		return "This role is the workspace " + r.Workspace() + ". A workspace is deleted through " +
			"the offboarding workflow, which also cleans up its storage and cluster resources; " +
			"it is not deleted here."
	case keycloak.BuiltIn(r.Name, s.Config.Realm):
		return "This is one of Keycloak's own roles, which every realm needs; it cannot be deleted."
	}
	return ""
}

func (s *Server) renderRoleDelete(c echo.Context, status int, h keycloak.Holders, confirm, errMsg string) error {
	page := views.RoleDeletePage{Holders: h, Members: h.Members(), Refusal: s.roleRefusal(h.Role),
		Confirm: confirm, Error: errMsg, CSRF: sessionOf(c).CSRFToken}
	return s.render(c, status, "Delete role "+h.Role.Name, "roles", views.RoleDelete(page))
}

// roleParam is the route's role name. Echo gives the raw path segment
// when the request path needed escaping, and the decoded one otherwise,
// so the segment is unescaped only in the first case.
func roleParam(c echo.Context) (string, error) {
	name := c.Param("role")
	if c.Request().URL.RawPath == "" {
		return name, nil
	}
	name, err := url.PathUnescape(name)
	if err != nil || name == "" {
		return "", &Error{Status: http.StatusNotFound, Title: "Not found",
			Message: "There is no role of that name."}
	}
	return name, nil
}
