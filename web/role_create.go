package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// showRoleForm shows the empty form that creates a realm role.
func (s *Server) showRoleForm(c echo.Context) error {
	return s.renderRoleForm(c, http.StatusOK, form.Role{}, form.Errors{})
}

// createRole creates a realm role. A pk: role is a workspace: the
// platform's automation creates its Profile and namespace once the role
// exists. A name without a known prefix needs the form's explicit tick.
func (s *Server) createRole(c echo.Context) error {
	values, err := c.FormParams()
	if err != nil {
		return &Error{Status: http.StatusBadRequest, Title: "Bad form",
			Message: "The form could not be read."}
	}
	f := form.ParseRole(values)
	noteAudit(c, "role/"+f.Name, "")

	if errs := f.Validate(); !errs.OK() {
		noteAudit(c, "role/"+f.Name, "refused: invalid form")
		return s.renderRoleForm(c, http.StatusUnprocessableEntity, f, errs)
	}

	err = s.Keycloak.CreateRealmRole(c.Request().Context(), f.Name, f.Description)
	if errors.Is(err, keycloak.ErrConflict) {
		noteAudit(c, "role/"+f.Name, "refused: name taken")
		return s.renderRoleForm(c, http.StatusUnprocessableEntity, f,
			form.Errors{"name": "A role with this name already exists."})
	}
	if err != nil {
		return upstreamError(err, "the new role")
	}

	noteAudit(c, "role/"+f.Name, "created, "+string(keycloak.KindOf(f.Name))+" role")
	q := url.Values{"created": {f.Name}, "q": {f.Name}}
	return c.Redirect(http.StatusSeeOther, "/admin/roles?"+q.Encode())
}

func (s *Server) renderRoleForm(c echo.Context, status int, f form.Role, errs form.Errors) error {
	page := views.RoleForm{Form: f, Errors: errs, CSRF: sessionOf(c).CSRFToken}
	return s.render(c, status, "Create a realm role", "roles", views.RoleNew(page))
}
