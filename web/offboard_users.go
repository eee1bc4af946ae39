package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/upstream"
	"github.com/prokube/pkadmin/views"
)

// previewCalls bounds the users previewed at once; each preview asks
// Keycloak, MinIO and the cluster.
const previewCalls = 4

// previewBulkDeletion shows, for the users selected in the list, what
// deleting each removes, with a total. Nothing changes yet.
func (s *Server) previewBulkDeletion(c echo.Context) error {
	if s.Offboard == nil {
		return offboardingOff
	}
	ids, refusal := s.deletionSelection(c)
	if refusal != "" {
		return s.renderUsers(c, http.StatusUnprocessableEntity, refusal)
	}
	return s.renderBulkDeletion(c, http.StatusOK, ids, views.BulkDeletionPage{})
}

// deleteUsers records one run per selected user in a batch, once the
// number of users is typed to confirm, and runs the batch in the
// background with the engine's bounded concurrency.
func (s *Server) deleteUsers(c echo.Context) error {
	if s.Offboard == nil {
		return offboardingOff
	}
	ids, refusal := s.deletionSelection(c)
	if refusal != "" {
		noteAudit(c, "users", "refused: "+refusal)
		return s.renderUsers(c, http.StatusUnprocessableEntity, refusal)
	}
	noteAudit(c, "users", fmt.Sprintf("%d selected", len(ids)))

	reason := strings.TrimSpace(c.FormValue("reason"))
	page := views.BulkDeletionPage{Reason: reason, Confirm: c.FormValue("confirm"),
		Errors: form.Errors{}}
	checkReason(reason, page.Errors)
	if strings.TrimSpace(page.Confirm) != strconv.Itoa(len(ids)) {
		page.Errors["confirm"] = fmt.Sprintf("Type %d, the number of users, to delete them.",
			len(ids))
	}
	if !page.Errors.OK() {
		noteAudit(c, "users", fmt.Sprintf("refused: %d selected, not confirmed", len(ids)))
		return s.renderBulkDeletion(c, http.StatusUnprocessableEntity, ids, page)
	}

	actor := sessionOf(c).Username
	batch, entries := s.Offboard.CreateBatch(c.Request().Context(), ids, actor, reason)
	unrecorded := 0
	for _, e := range entries {
		if e.Err != nil {
			unrecorded++
			logOf(c).Warn("a user of a bulk deletion was not recorded", "batch_id", batch,
				"user_id", e.UserID, "error", upstream.Describe(e.Err))
		}
	}
	if unrecorded < len(entries) {
		s.startInBackground(c, "batch_id", batch, func(ctx context.Context) error {
			return s.Offboard.RunBatch(ctx, batch)
		})
	}
	noteAudit(c, "batch/"+batch, fmt.Sprintf("offboarding started: %d users, %d not recorded",
		len(ids)-unrecorded, unrecorded))
	q := ""
	if unrecorded > 0 {
		q = "?" + url.Values{"unrecorded": {strconv.Itoa(unrecorded)}}.Encode()
	}
	return c.Redirect(http.StatusSeeOther, string(views.BatchURL(batch))+q)
}

// renderBulkDeletion previews every user, a few at a time, and shows
// the page with the form's state.
func (s *Server) renderBulkDeletion(c echo.Context, status int, ids []string,
	page views.BulkDeletionPage) error {
	previews := make([]offboard.UserPreview, len(ids))
	g, ctx := errgroup.WithContext(c.Request().Context())
	g.SetLimit(previewCalls)
	for i, id := range ids {
		g.Go(func() (err error) {
			previews[i], err = s.Offboard.PreviewUser(ctx, id)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return previewError(err, "selected users")
	}
	page.Previews, page.CSRF = previews, sessionOf(c).CSRFToken
	title := fmt.Sprintf("Delete %d users", len(ids))
	return s.render(c, status, title, "users", views.BulkDeletion(page))
}

// deletionSelection is the selected users, each once, or why they cannot
// be deleted together.
func (s *Server) deletionSelection(c echo.Context) ([]string, string) {
	values, _ := c.FormParams()
	var ids []string
	for _, id := range values["user"] {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	switch {
	case len(ids) == 0 || len(ids) > maxBulkUsers:
		return nil, fmt.Sprintf("Select between 1 and %d users to delete.", maxBulkUsers)
	case slices.Contains(ids, sessionOf(c).Subject):
		return nil, "Your own account is among the selected users; administrators cannot " +
			"delete themselves. Unselect it and try again."
	}
	return ids, ""
}
