package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// maxBulkUsers bounds one bulk action; the list shows fewer per page.
const maxBulkUsers = 100

// bulkOps names the bulk actions as the result page titles them.
var bulkOps = map[string]string{
	"add-workspace":    "Give access to workspace %s",
	"remove-workspace": "Remove direct access to workspace %s",
	"add-group":        "Add to group %s",
	"remove-group":     "Remove from group %s",
}

// bulkUsers adds the selected users to a workspace or group, or removes
// them from one, and reports each user's outcome. Removals end the users'
// sessions unless the form says otherwise, so the change takes effect now.
func (s *Server) bulkUsers(c echo.Context) error {
	ctx := c.Request().Context()
	values, _ := c.FormParams()
	ids, op := values["user"], c.FormValue("op")
	title, known := bulkOps[op]
	if !known {
		return s.renderUsers(c, http.StatusUnprocessableEntity, "Choose an action.")
	}
	if len(ids) == 0 || len(ids) > maxBulkUsers {
		return s.renderUsers(c, http.StatusUnprocessableEntity,
			fmt.Sprintf("Select between 1 and %d users.", maxBulkUsers))
	}

	name, apply, err := s.bulkAction(ctx, op, c.FormValue("workspace"), c.FormValue("group"))
	if errors.Is(err, errUnknownWorkspace) || errors.Is(err, errNotForBulk) {
		return s.renderUsers(c, http.StatusUnprocessableEntity, err.Error())
	}
	if err != nil {
		return upstreamError(err, "the workspace or group")
	}
	removal := op == "remove-workspace" || op == "remove-group"
	endSessions := removal && c.FormValue("end_sessions") == "yes"

	rows, failed := make([]views.BulkRow, 0, len(ids)), 0
	for _, id := range ids {
		row := s.bulkOne(ctx, id, apply, endSessions)
		if !row.OK {
			failed++
		}
		rows = append(rows, row)
	}
	noteAudit(c, name, fmt.Sprintf("%s: %d done, %d failed", op, len(rows)-failed, failed))
	status := http.StatusOK
	if failed > 0 {
		status = http.StatusBadGateway
	}
	target := name[strings.Index(name, "/")+1:]
	return s.render(c, status, "Bulk action", "users", views.BulkResult(fmt.Sprintf(title, target), rows))
}

var errNotForBulk = errors.New("Administrator rights are changed one user at a time, on the user's page.")

// bulkAction resolves the target, returns its name for the audit log
// ("workspace/x" or "group/y") and the change to apply to each user. The
// admin group is not offered: admin rights need a confirmation.
func (s *Server) bulkAction(ctx context.Context, op, workspace, group string) (string, func(context.Context, string) error, error) {
	switch op {
	case "add-workspace", "remove-workspace":
		roles, err := s.rolesOf(ctx, []string{workspace})
		if err != nil {
			return "", nil, err
		}
		if op == "add-workspace" {
			return "workspace/" + workspace, func(ctx context.Context, id string) error {
				return s.Keycloak.GrantRoles(ctx, id, roles)
			}, nil
		}
		return "workspace/" + workspace, func(ctx context.Context, id string) error {
			return s.Keycloak.RevokeRoles(ctx, id, roles)
		}, nil
	default:
		groups, err := s.bulkGroups(ctx)
		if err != nil {
			return "", nil, err
		}
		if !slices.ContainsFunc(groups, func(g keycloak.GroupRef) bool { return g.Name == group }) {
			return "", nil, errNotForBulk
		}
		if op == "add-group" {
			return "group/" + group, func(ctx context.Context, id string) error {
				return s.Keycloak.AddToGroup(ctx, id, group)
			}, nil
		}
		return "group/" + group, func(ctx context.Context, id string) error {
			return s.Keycloak.RemoveFromGroup(ctx, id, group)
		}, nil
	}
}

func (s *Server) bulkOne(ctx context.Context, id string, apply func(context.Context, string) error, endSessions bool) views.BulkRow {
	u, err := s.Keycloak.GetUser(ctx, id)
	if err != nil {
		return views.BulkRow{Username: id, Message: "not found or Keycloak did not answer"}
	}
	if err := apply(ctx, u.ID); err != nil {
		return views.BulkRow{Username: u.Username, Message: "failed: Keycloak did not answer; retry"}
	}
	if endSessions {
		if err := s.Keycloak.LogoutEverywhere(ctx, u.ID); err != nil {
			return views.BulkRow{Username: u.Username, OK: true, Message: "done, but ending sessions failed"}
		}
		return views.BulkRow{Username: u.Username, OK: true, Message: "done; sessions ended"}
	}
	return views.BulkRow{Username: u.Username, OK: true, Message: "done"}
}

// bulkGroups are the groups bulk actions may use: all but the admin group.
func (s *Server) bulkGroups(ctx context.Context) ([]keycloak.GroupRef, error) {
	all, err := s.Keycloak.Groups(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(g keycloak.GroupRef) bool { return g.Name == s.Config.AdminGroup }), nil
}
