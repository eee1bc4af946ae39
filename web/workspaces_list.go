package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// listHolderReads bounds the workspaces whose holders the list reads at
// once; each read runs a few calls of its own.
const listHolderReads = 4

// showWorkspaces lists every workspace with its members, the groups that
// grant it and its state in the cluster and storage. It reads the
// platform's state once for all of them, while Keycloak is asked.
func (s *Server) showWorkspaces(c echo.Context) error {
	ctx := c.Request().Context()
	roles, err := s.Keycloak.Workspaces(ctx)
	if err != nil {
		return upstreamError(err, "the workspaces")
	}

	platform := make(chan platformState, 1)
	go func() { platform <- s.readPlatform(c) }()

	rows := make([]views.WorkspaceRow, len(roles))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(listHolderReads)
	for i, r := range roles {
		g.Go(func() error {
			h, err := s.Keycloak.RoleHolders(gctx, r.Name)
			if errors.Is(err, keycloak.ErrNotFound) {
				return nil // deleted since it was listed
			}
			if err != nil {
				return err
			}
			rows[i] = views.WorkspaceRow{Role: h.Role, Members: len(h.Members())}
			for _, gm := range h.Groups {
				rows[i].Groups = append(rows[i].Groups, gm.Group.Name)
			}
			return nil
		})
	}
	err = g.Wait()
	state := <-platform
	if err != nil {
		return upstreamError(err, "the workspaces' members")
	}

	rows = slices.DeleteFunc(rows, func(r views.WorkspaceRow) bool { return r.Role.Name == "" })
	for i := range rows {
		rows[i].State = s.stateOf(state, rows[i].Role.Workspace())
	}
	return s.render(c, http.StatusOK, "Workspaces", "workspaces",
		views.Workspaces(views.WorkspacesList{Rows: rows}))
}
