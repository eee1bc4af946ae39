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

// showNewGroupForm shows the empty form that creates a group.
func (s *Server) showNewGroupForm(c echo.Context) error {
	return s.renderNewGroup(c, http.StatusOK, form.Group{}, form.Errors{})
}

// createGroup creates a top-level group with an optional description and
// opens its page. A name that exists already is refused next to the field.
func (s *Server) createGroup(c echo.Context) error {
	values, err := c.FormParams()
	if err != nil {
		return &Error{Status: http.StatusBadRequest, Title: "Bad form", Message: "The form could not be read."}
	}
	f := form.ParseGroup(values)
	noteAudit(c, "group/"+f.Name, "")

	if errs := f.Validate(); !errs.OK() {
		noteAudit(c, "group/"+f.Name, "refused: invalid form")
		return s.renderNewGroup(c, http.StatusUnprocessableEntity, f, errs)
	}

	id, err := s.Keycloak.CreateGroup(c.Request().Context(), f.Name, f.Description)
	if errors.Is(err, keycloak.ErrConflict) {
		noteAudit(c, "group/"+f.Name, "refused: name taken")
		return s.renderNewGroup(c, http.StatusUnprocessableEntity, f,
			form.Errors{"name": "A group with this name already exists."})
	}
	if err != nil {
		return upstreamError(err, "the new group")
	}

	noteAudit(c, "group/"+f.Name, "created")
	return c.Redirect(http.StatusSeeOther, "/admin/groups/"+url.PathEscape(id)+"?done=created")
}

func (s *Server) renderNewGroup(c echo.Context, status int, f form.Group, errs form.Errors) error {
	return s.render(c, status, "Create a group", "groups",
		views.NewGroup(views.NewGroupPage{Form: f, Errors: errs, CSRF: sessionOf(c).CSRFToken}))
}
