package web

import (
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/upstream"
	"github.com/prokube/pkadmin/views"
)

// showPlatformReadiness lists the users who cannot use the platform as configured.
func (s *Server) showPlatformReadiness(c echo.Context) error {
	notice := ""
	if n := c.QueryParam("fixed"); n != "" {
		notice = "Fixed: " + n + " users."
	}
	return s.renderReadiness(c, http.StatusOK, notice, "")
}

// renderReadiness reads the unready users and, at the same time, which
// users external identity providers brought. When the second read fails
// the users are shown unmarked, with a note that says why.
func (s *Server) renderReadiness(c echo.Context, status int, notice, errMsg string) error {
	ctx := c.Request().Context()
	var users []keycloak.Unready
	var links keycloak.ProviderLinks
	var err, linkErr error
	var wg sync.WaitGroup
	wg.Go(func() { users, err = s.Keycloak.UnreadyUsers(ctx, s.Config.UserGroup) })
	wg.Go(func() { links, linkErr = s.Keycloak.IdentityProviderLinks(ctx) })
	wg.Wait()
	if err != nil {
		return upstreamError(err, "the users")
	}

	page := views.ReadinessPage{Users: users, CSRF: sessionOf(c).CSRFToken, Notice: notice, Error: errMsg}
	switch {
	case errors.Is(linkErr, keycloak.ErrProvidersHidden):
		page.ProvidersNote = "Users brought by an external identity provider are not marked: the " +
			"portal may not read the realm's identity providers (its service account needs the " +
			"realm-management role view-identity-providers)."
	case linkErr != nil:
		logOf(c).Warn("read identity provider links", "error", upstream.Describe(linkErr))
		page.ProvidersNote = "Users brought by an external identity provider are not marked: " +
			"Keycloak did not answer when asked for them. Reload the page to try again."
	default:
		links.Mark(page.Users)
	}
	return s.render(c, status, "Platform readiness", "readiness", views.Readiness(page))
}

// fixPlatformReadiness adds the selected users to the platform users' group, or
// marks their e-mail verified. Each user is changed on its own; a failure
// leaves the others done and is reported.
func (s *Server) fixPlatformReadiness(c echo.Context) error {
	ctx := c.Request().Context()
	values, _ := c.FormParams()
	ids, fix := values["user"], c.FormValue("fix")
	if len(ids) == 0 || len(ids) > maxBulkUsers || (fix != "add-to-platform" && fix != "verify-email") {
		return s.renderReadiness(c, http.StatusUnprocessableEntity, "",
			fmt.Sprintf("Select between 1 and %d users, then one of the fixes.", maxBulkUsers))
	}

	done, failed := 0, 0
	for _, id := range ids {
		var err error
		if fix == "add-to-platform" {
			err = s.Keycloak.AddToGroup(ctx, id, s.Config.UserGroup)
		} else {
			err = s.Keycloak.MarkEmailVerified(ctx, id)
		}
		if err != nil {
			failed++
			logOf(c).Warn("readiness fix failed", "fix", fix, "target_user_id", id, "error", upstream.Describe(err))
			continue
		}
		done++
	}
	noteAudit(c, "users", fmt.Sprintf("%s: %d done, %d failed", fix, done, failed))
	if failed > 0 {
		return s.renderReadiness(c, http.StatusBadGateway, "",
			fmt.Sprintf("%d of %d users could not be fixed (Keycloak did not answer, or a user has no "+
				"e-mail address). The list below is current; select them again to retry.", failed, len(ids)))
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/readiness?fixed=%d", done))
}
