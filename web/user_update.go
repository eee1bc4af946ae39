package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// updateUser saves a user's names, e-mail and flags. An administrator
// cannot disable their own account from here.
func (s *Server) updateUser(c echo.Context) error {
	ctx := c.Request().Context()
	det, err := s.Keycloak.UserDetails(ctx, c.Param("id"))
	if err != nil {
		return upstreamError(err, "the user")
	}
	values, _ := c.FormParams()
	f := form.ParseProfile(values)
	noteAudit(c, "user/"+det.Username, "")

	errs := f.Validate()
	if !f.Enabled && det.ID == sessionOf(c).Subject {
		errs["enabled"] = "You cannot disable your own account."
	}
	if !errs.OK() {
		noteAudit(c, "user/"+det.Username, "refused: invalid form")
		return s.renderUserPage(c, http.StatusUnprocessableEntity,
			views.UserPage{User: det, Profile: &f, ProfileErrors: errs})
	}

	err = s.Keycloak.UpdateProfile(ctx, det.ID, keycloak.Profile{FirstName: f.FirstName, LastName: f.LastName,
		Email: f.Email, EmailVerified: f.EmailVerified, Enabled: f.Enabled})
	if errors.Is(err, keycloak.ErrConflict) {
		return s.renderUserPage(c, http.StatusUnprocessableEntity, views.UserPage{User: det, Profile: &f,
			ProfileErrors: form.Errors{"email": "Another user has this e-mail address."}})
	}
	if err != nil {
		return upstreamError(err, "the user")
	}
	noteAudit(c, "user/"+det.Username, profileChange(det, f))
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+url.PathEscape(det.ID)+"?done=profile")
}

// profileChange names what changed, for the audit log.
func profileChange(old keycloak.Details, f form.Profile) string {
	var what []string
	if old.FirstName != f.FirstName || old.LastName != f.LastName {
		what = append(what, "name")
	}
	if old.Email != f.Email {
		what = append(what, "e-mail")
	}
	if old.EmailVerified != f.EmailVerified {
		what = append(what, "e-mail verified="+yesNo(f.EmailVerified))
	}
	if old.Enabled != f.Enabled {
		what = append(what, "enabled="+yesNo(f.Enabled))
	}
	if len(what) == 0 {
		return "saved without changes"
	}
	return "changed " + strings.Join(what, ", ")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
