package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// showWorkspaceDeletion previews a workspace's deletion: its role with
// the members and groups that lose it, the MinIO policies and buckets,
// the Profile and namespace, and what is kept.
func (s *Server) showWorkspaceDeletion(c echo.Context) error {
	if s.Offboard == nil {
		return offboardingOff
	}
	return s.renderWorkspaceDeletion(c, http.StatusOK, views.WorkspaceDeletionPage{})
}

// deleteWorkspace records the workspace's deletion once its name is
// typed to confirm it, starts it in the background and shows its run.
func (s *Server) deleteWorkspace(c echo.Context) error {
	if s.Offboard == nil {
		return offboardingOff
	}
	ws := c.Param("workspace")
	if !form.IsDNSLabel(ws) {
		return errNoWorkspace
	}
	noteAudit(c, "workspace/"+ws, "")

	reason := strings.TrimSpace(c.FormValue("reason"))
	page := views.WorkspaceDeletionPage{Reason: reason, Confirm: c.FormValue("confirm"),
		Errors: form.Errors{}}
	checkReason(reason, page.Errors)
	if page.Confirm != ws {
		page.Errors["confirm"] = "Type the workspace's name exactly as shown to delete it."
	}
	if !page.Errors.OK() {
		noteAudit(c, "workspace/"+ws, "refused: not confirmed")
		return s.renderWorkspaceDeletion(c, http.StatusUnprocessableEntity, page)
	}

	actor := sessionOf(c).Username
	run, err := s.Offboard.CreateWorkspaceRun(c.Request().Context(), ws, actor, reason)
	if errors.Is(err, keycloak.ErrNotFound) {
		return errNoWorkspace
	}
	if done, rerr := redirectToOpenRun(c, err, "workspace/"+ws); done {
		return rerr
	}
	if err != nil {
		return previewError(err, "workspace")
	}
	s.startRun(c, run.ID)
	noteAudit(c, "workspace/"+ws, "deletion started: run "+run.ID)
	return c.Redirect(http.StatusSeeOther, string(views.RunURL(run.ID)))
}

// renderWorkspaceDeletion reads the preview and shows it with the form's
// state in page.
func (s *Server) renderWorkspaceDeletion(c echo.Context, status int,
	page views.WorkspaceDeletionPage) error {
	ws := c.Param("workspace")
	if !form.IsDNSLabel(ws) {
		return errNoWorkspace
	}
	pre, err := s.Offboard.PreviewWorkspace(c.Request().Context(), ws)
	if errors.Is(err, keycloak.ErrNotFound) {
		return errNoWorkspace
	}
	if done, rerr := redirectToOpenRun(c, err, "workspace/"+ws); done {
		return rerr
	}
	if err != nil {
		return previewError(err, "workspace")
	}
	page.Preview, page.CSRF = pre, sessionOf(c).CSRFToken
	return s.render(c, status, "Delete "+ws, "workspaces", views.WorkspaceDeletion(page))
}
