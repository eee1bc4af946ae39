package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/password"
	"github.com/prokube/pkadmin/internal/upstream"
	"github.com/prokube/pkadmin/views"
)

// showOnboardForm shows the empty onboarding form.
func (s *Server) showOnboardForm(c echo.Context) error {
	return s.renderOnboard(c, http.StatusOK, form.NewOnboard(), form.Errors{})
}

// onboardUser creates a platform user: the user with groups, required
// actions and a temporary password in one Keycloak call, then the chosen
// workspaces. When the second step fails the page says what exists and
// offers to finish.
func (s *Server) onboardUser(c echo.Context) error {
	ctx := c.Request().Context()
	values, err := c.FormParams()
	if err != nil {
		return &Error{Status: http.StatusBadRequest, Title: "Bad form", Message: "The form could not be read."}
	}
	f := form.ParseOnboard(values)
	noteAudit(c, "user/"+f.Username, "")

	roles, errs, err := s.checkOnboard(ctx, f)
	if err != nil {
		return upstreamError(err, "the workspaces and users")
	}
	if !errs.OK() {
		noteAudit(c, "user/"+f.Username, "refused: invalid form")
		f.Password = ""
		return s.renderOnboard(c, http.StatusUnprocessableEntity, f, errs)
	}

	pw, generated := f.Password, ""
	if f.PasswordMode != "typed" {
		pw = password.Generate()
		generated = pw
	}
	groups := []string{s.Config.UserGroup}
	if f.Admin {
		groups = append(groups, s.Config.AdminGroup)
	}
	id, err := s.Keycloak.CreateUser(ctx, keycloak.NewUser{Username: f.Username, Email: f.Email,
		FirstName: f.FirstName, LastName: f.LastName, EmailVerified: f.EmailVerified,
		RequiredActions: f.Actions, Groups: groups, TemporaryPassword: pw})
	if errors.Is(err, keycloak.ErrConflict) {
		f.Password = ""
		return s.renderOnboard(c, http.StatusUnprocessableEntity, f,
			form.Errors{"username": "A user with this username or e-mail already exists."})
	}
	if err != nil {
		return upstreamError(err, "the new user")
	}

	res := views.OnboardResult{Username: f.Username, UserID: id, Password: generated,
		CSRF: sessionOf(c).CSRFToken,
		Done: []string{"user created, enabled, with a temporary password",
			"member of " + strings.Join(groups, " and ")}}
	status := http.StatusOK
	if err := s.Keycloak.GrantRoles(ctx, id, roles); err != nil {
		logOf(c).Warn("onboarding: granting workspaces failed", "target_user", f.Username, "error", upstream.Describe(err))
		res.Missing, status = f.Workspaces, http.StatusBadGateway
	} else if len(roles) > 0 {
		res.Done = append(res.Done, "access to "+strings.Join(f.Workspaces, ", "))
	}
	noteAudit(c, "user/"+f.Username, strings.Join(res.Done, "; "))
	return s.render(c, status, f.Username, "users", views.Onboarded(res))
}

// checkOnboard validates the form, then what only Keycloak knows: that
// the workspaces exist and the username and e-mail are free. It returns
// the roles to grant.
func (s *Server) checkOnboard(ctx context.Context, f form.Onboard) ([]keycloak.Role, form.Errors, error) {
	errs := f.Validate()
	roles, err := s.rolesOf(ctx, f.Workspaces)
	if errors.Is(err, errUnknownWorkspace) {
		errs["workspaces"] = "One of the chosen workspaces does not exist (any more)."
	} else if err != nil {
		return nil, nil, err
	}
	if errs["username"] != "" || errs["email"] != "" {
		return roles, errs, nil
	}
	userTaken, emailTaken, err := s.Keycloak.Taken(ctx, f.Username, f.Email)
	if err != nil {
		return nil, nil, err
	}
	if userTaken {
		errs["username"] = "This username is taken."
	}
	if emailTaken {
		errs["email"] = "Another user has this e-mail address."
	}
	return roles, errs, nil
}

var errUnknownWorkspace = errors.New("unknown workspace")

// rolesOf maps workspace names to their roles, failing on unknown names.
func (s *Server) rolesOf(ctx context.Context, workspaces []string) ([]keycloak.Role, error) {
	if len(workspaces) == 0 {
		return nil, nil
	}
	all, err := s.Keycloak.Workspaces(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]keycloak.Role{}
	for _, r := range all {
		byName[r.Workspace()] = r
	}
	var roles []keycloak.Role
	for _, w := range workspaces {
		r, ok := byName[w]
		if !ok {
			return nil, errUnknownWorkspace
		}
		roles = append(roles, r)
	}
	return roles, nil
}

// grantWorkspaces gives a user direct access to workspaces; it finishes
// an onboarding whose last step failed.
func (s *Server) grantWorkspaces(c echo.Context) error {
	ctx := c.Request().Context()
	det, err := s.Keycloak.UserDetails(ctx, c.Param("id"))
	if err != nil {
		return upstreamError(err, "the user")
	}
	values, _ := c.FormParams()
	names := values["workspaces"]
	noteAudit(c, "user/"+det.Username, "")

	roles, err := s.rolesOf(ctx, names)
	if errors.Is(err, errUnknownWorkspace) {
		return &Error{Status: http.StatusUnprocessableEntity, Title: "Unknown workspace",
			Message: "One of the workspaces does not exist (any more). Nothing was granted."}
	}
	if err != nil {
		return upstreamError(err, "the workspaces")
	}
	if err := s.Keycloak.GrantRoles(ctx, det.ID, roles); err != nil {
		return upstreamError(err, "the user's workspaces")
	}
	noteAudit(c, "user/"+det.Username, "access to "+strings.Join(names, ", "))
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+url.PathEscape(det.ID)+"?done=workspaces")
}

func (s *Server) renderOnboard(c echo.Context, status int, f form.Onboard, errs form.Errors) error {
	ctx := c.Request().Context()
	workspaces, err := s.Keycloak.Workspaces(ctx)
	if err != nil {
		return upstreamError(err, "the workspaces")
	}
	smtp, err := s.Keycloak.SMTPConfigured(ctx)
	if err != nil {
		return upstreamError(err, "the realm's settings")
	}
	page := views.OnboardPage{Form: f, Errors: errs, Workspaces: workspaces, SMTP: smtp,
		CSRF: sessionOf(c).CSRFToken}
	return s.render(c, status, "Onboard a user", "users", views.Onboard(page))
}
