package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/upstream"
	"github.com/prokube/pkadmin/views"
)

// showWorkspaceForm shows the empty form that creates a workspace.
func (s *Server) showWorkspaceForm(c echo.Context) error {
	return s.renderWorkspaceForm(c, http.StatusOK, form.Workspace{}, form.Errors{})
}

// createWorkspace creates the pk:<name> role with its description, then
// gives the first members access: users directly, groups by a mapping.
// A name taken in Keycloak, the cluster or storage is refused before
// anything is created. When a membership fails after the role exists,
// the page says what was done and offers to finish.
func (s *Server) createWorkspace(c echo.Context) error {
	ctx := c.Request().Context()
	values, err := c.FormParams()
	if err != nil {
		return &Error{Status: http.StatusBadRequest, Title: "Bad form", Message: "The form could not be read."}
	}
	f := form.ParseWorkspace(values)
	target := "workspace/" + f.Name
	if form.WorkspaceNameProblem(f.Name) != "" {
		target = "workspace/(invalid name)" // the input may be anything, of any length
	}
	noteAudit(c, target, "")

	members, errs, err := s.checkNewWorkspace(c, f)
	if err != nil {
		return err
	}
	if !errs.OK() {
		noteAudit(c, target, "refused: invalid form")
		return s.renderWorkspaceForm(c, http.StatusUnprocessableEntity, f, errs)
	}

	role, err := s.Keycloak.CreateWorkspace(ctx, f.Name, f.Description)
	if errors.Is(err, keycloak.ErrConflict) {
		noteAudit(c, target, "refused: name taken")
		return s.renderWorkspaceForm(c, http.StatusUnprocessableEntity, f,
			form.Errors{"name": "A workspace named " + f.Name + " already exists."})
	}
	if err != nil {
		return upstreamError(err, "the new workspace")
	}

	res := s.grantFirstMembers(c, role, members)
	res.Done = append([]string{"workspace created (role " + role.Name + ")"}, res.Done...)
	noteAudit(c, target, auditOfFirstMembers(res))
	if len(res.MissingUsers)+len(res.MissingGroups) > 0 {
		res.CSRF = sessionOf(c).CSRFToken
		return s.render(c, http.StatusBadGateway, f.Name, "workspaces", views.WorkspacePartlyCreated(res))
	}
	return c.Redirect(http.StatusSeeOther, workspaceLocation(f.Name, url.Values{"done": {"created"}}))
}

// firstMembers are the users and groups a new workspace starts with.
type firstMembers struct {
	users  []keycloak.UserRef
	groups []keycloak.GroupRef
}

// grantFirstMembers gives each user direct access and grants the role to
// each group, noting what was done and what failed.
func (s *Server) grantFirstMembers(c echo.Context, role keycloak.Role, m firstMembers) views.WorkspaceCreated {
	ctx := c.Request().Context()
	res := views.WorkspaceCreated{Workspace: role.Workspace()}
	roles := []keycloak.Role{role}
	for _, u := range m.users {
		if err := s.Keycloak.GrantRoles(ctx, u.ID, roles); err != nil {
			logOf(c).Warn("workspace: direct access failed", "target_user", u.Username,
				"error", upstream.Describe(err))
			res.MissingUsers = append(res.MissingUsers, u)
			continue
		}
		res.Done = append(res.Done, "direct access for "+u.Username)
	}
	for _, g := range m.groups {
		if err := s.Keycloak.GrantGroupRoles(ctx, g.ID, roles); err != nil {
			logOf(c).Warn("workspace: granting to a group failed", "group", g.Name,
				"error", upstream.Describe(err))
			res.MissingGroups = append(res.MissingGroups, g)
			continue
		}
		res.Done = append(res.Done, "granted to group "+g.Name)
	}
	return res
}

// auditOfFirstMembers is the audit detail of a creation or its finish.
func auditOfFirstMembers(res views.WorkspaceCreated) string {
	d := strings.Join(res.Done, "; ")
	if n := len(res.MissingUsers) + len(res.MissingGroups); n > 0 {
		d += fmt.Sprintf("; not done: %d memberships", n)
	}
	return d
}

func (s *Server) renderWorkspaceForm(c echo.Context, status int, f form.Workspace, errs form.Errors) error {
	groups, err := s.bulkGroups(c.Request().Context())
	if err != nil {
		return upstreamError(err, "the groups")
	}
	page := views.WorkspaceForm{Form: f, Errors: errs, Groups: groups, CSRF: sessionOf(c).CSRFToken}
	return s.render(c, status, "Create a workspace", "workspaces", views.NewWorkspace(page))
}
