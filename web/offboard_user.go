package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/views"
)

// showUserDeletion previews a user's deletion from the real systems: the
// Keycloak user, MinIO keys, policies and buckets, Profile, namespace
// and role bindings, and what is kept. One's own account is shown with
// the reason it cannot be deleted, and no form.
func (s *Server) showUserDeletion(c echo.Context) error {
	if s.Offboard == nil {
		return offboardingOff
	}
	return s.renderUserDeletion(c, http.StatusOK, views.UserDeletionPage{})
}

// deleteUser records the offboarding of a user once the username is
// typed to confirm it, starts it in the background and shows its run.
// One's own account is refused.
func (s *Server) deleteUser(c echo.Context) error {
	if s.Offboard == nil {
		return offboardingOff
	}
	ctx := c.Request().Context()
	u, err := s.Keycloak.GetUser(ctx, c.Param("id"))
	if err != nil {
		return upstreamError(err, "the user")
	}
	noteAudit(c, "user/"+u.Username, "")

	reason := strings.TrimSpace(c.FormValue("reason"))
	page := views.UserDeletionPage{Reason: reason, Confirm: c.FormValue("confirm"),
		Errors: form.Errors{}}
	checkReason(reason, page.Errors)
	if page.Confirm != u.Username {
		page.Errors["confirm"] = "Type the username exactly as shown to delete the user."
	}
	self := u.Username == sessionOf(c).Username
	if self || !page.Errors.OK() {
		noteAudit(c, "user/"+u.Username, "refused: "+refusalOf(self))
		return s.renderUserDeletion(c, http.StatusUnprocessableEntity, page)
	}

	run, err := s.Offboard.CreateUserRun(ctx, u.ID, sessionOf(c).Username, reason)
	if errors.Is(err, offboard.ErrSelf) {
		return s.renderUserDeletion(c, http.StatusUnprocessableEntity, page)
	}
	if done, rerr := redirectToOpenRun(c, err, "user/"+u.Username); done {
		return rerr
	}
	if err != nil {
		return previewError(err, "user")
	}
	s.startRun(c, run.ID)
	noteAudit(c, "user/"+u.Username, "offboarding started: run "+run.ID)
	return c.Redirect(http.StatusSeeOther, string(views.RunURL(run.ID)))
}

func refusalOf(self bool) string {
	if self {
		return "own account"
	}
	return "not confirmed"
}

// renderUserDeletion reads the preview and shows it with the form's
// state in page.
func (s *Server) renderUserDeletion(c echo.Context, status int, page views.UserDeletionPage) error {
	pre, err := s.Offboard.PreviewUser(c.Request().Context(), c.Param("id"))
	if err != nil {
		return previewError(err, "user")
	}
	page.Preview, page.CSRF = pre, sessionOf(c).CSRFToken
	page.Self = pre.User.Username == sessionOf(c).Username
	return s.render(c, status, "Delete "+pre.User.Username, "users", views.UserDeletion(page))
}
