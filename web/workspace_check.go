package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
)

// checkNewWorkspace validates the create form, then what only Keycloak,
// the cluster and storage know: that the name is free everywhere, and
// that the first members exist. Its error is a page to show.
func (s *Server) checkNewWorkspace(c echo.Context, f form.Workspace) (firstMembers, form.Errors, error) {
	errs := f.Validate()
	m, err := s.findFirstMembers(c, f, errs)
	if err != nil {
		return firstMembers{}, nil, err
	}
	if errs["name"] != "" {
		return m, errs, nil
	}
	if msg, err := s.workspaceNameTaken(c, f.Name); err != nil {
		return firstMembers{}, nil, err
	} else if msg != "" {
		errs["name"] = msg
	}
	return m, errs, nil
}

// findFirstMembers resolves the form's usernames and group names,
// noting unknown ones in errs.
func (s *Server) findFirstMembers(c echo.Context, f form.Workspace, errs form.Errors) (firstMembers, error) {
	ctx := c.Request().Context()
	var m firstMembers
	groups, err := s.bulkGroups(ctx)
	if err != nil {
		return m, upstreamError(err, "the groups")
	}
	for _, name := range f.Groups {
		i := slices.IndexFunc(groups, func(g keycloak.GroupRef) bool { return g.Name == name })
		if i < 0 {
			errs["groups"] = "Choose only the listed groups."
			continue
		}
		m.groups = append(m.groups, groups[i])
	}
	if errs["users"] != "" {
		return m, nil
	}
	var unknown []string
	for _, name := range f.Users {
		u, err := s.Keycloak.UserByUsername(ctx, name)
		if errors.Is(err, keycloak.ErrNotFound) {
			unknown = append(unknown, name)
			continue
		}
		if err != nil {
			return m, upstreamError(err, "the users")
		}
		m.users = append(m.users, keycloak.UserRef{ID: u.ID, Username: u.Username, Email: u.Email})
	}
	if len(unknown) > 0 {
		errs["users"] = "No user has the username " + strings.Join(unknown, ", ") + "."
	}
	return m, nil
}

// workspaceNameTaken says why the name cannot be used, or "" when it is
// free: a role of that name, a Profile or namespace the platform would
// create, or a bucket (an archived workspace's buckets keep their data,
// which a new workspace of the same name must not inherit).
func (s *Server) workspaceNameTaken(c echo.Context, name string) (string, error) {
	ctx := c.Request().Context()
	taken, err := s.Keycloak.RoleExists(ctx, keycloak.WorkspaceRole(name))
	if err != nil {
		return "", upstreamError(err, "the workspaces")
	}
	if taken {
		return "A workspace named " + name + " already exists.", nil
	}

	profile := s.Config.Names.WorkspaceProfileName(name)
	st, err := s.Cluster.State(ctx, profile)
	if err != nil {
		return "", unansweredCheck("The cluster", err)
	}
	switch {
	case st.Profile && st.Owner != "":
		return "The cluster already has a Profile named " + profile + " (owner " + st.Owner +
			"). Choose another name.", nil
	case st.Profile:
		return "The cluster already has a Profile named " + profile + ". Choose another name.", nil
	case st.Namespace:
		return "The cluster already has a namespace named " + profile + ". Choose another name.", nil
	}

	buckets, err := s.Storage.Buckets(ctx)
	if err != nil {
		return "", unansweredCheck("Storage", err)
	}
	for _, b := range s.Config.Names.WorkspaceBucketNames(name) {
		if buckets.Has(b) {
			return "Storage already has a bucket named " + b +
				" (perhaps of an earlier workspace, archived). Choose another name.", nil
		}
	}
	return "", nil
}

// unansweredCheck is the page for a name check a service could not answer.
func unansweredCheck(service string, err error) error {
	return &Error{Status: http.StatusServiceUnavailable, Title: service + " did not answer",
		Message: service + " did not answer, so the portal could not check that the name is free. " +
			"Nothing was created. Try again in a minute.", Err: err}
}
