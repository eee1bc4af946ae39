package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/internal/upstream"
	"github.com/prokube/pkadmin/views"
)

// platformState is what the cluster and storage hold, read once for a
// page. A service that did not answer leaves its part unknown: the pages
// still show Keycloak's side, which is what their forms change.
type platformState struct {
	snapshot cluster.Snapshot
	buckets  storage.BucketSet
}

// readPlatform reads every Profile, namespace and bucket: two cluster
// calls and one storage call, whatever the number of workspaces.
func (s *Server) readPlatform(c echo.Context) platformState {
	ctx := c.Request().Context()
	var p platformState
	done := s.readBuckets(c, &p)
	var err error
	if p.snapshot, err = s.Cluster.Snapshot(ctx); err != nil {
		logOf(c).Warn("workspaces: the cluster did not answer", "error", upstream.Describe(err))
	}
	<-done
	return p
}

// readBuckets lists the buckets into p while the caller reads the
// cluster; the returned channel closes when it is done.
func (s *Server) readBuckets(c echo.Context, p *platformState) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		var err error
		if p.buckets, err = s.Storage.Buckets(c.Request().Context()); err != nil {
			logOf(c).Warn("workspaces: storage did not answer", "error", upstream.Describe(err))
		}
	}()
	return done
}

// stateOf is one workspace's part of the platform's state.
func (s *Server) stateOf(p platformState, workspace string) views.WorkspaceState {
	profile := s.Config.Names.WorkspaceProfileName(workspace)
	st := views.WorkspaceState{Profile: profile, ClusterKnown: p.snapshot != nil,
		BucketsKnown: p.buckets != nil}
	if p.snapshot != nil {
		st.Cluster = p.snapshot[profile]
	}
	for _, b := range s.Config.Names.WorkspaceBucketNames(workspace) {
		st.Buckets = append(st.Buckets, views.BucketState{Name: b, Exists: p.buckets.Has(b)})
	}
	return st
}

// readWorkspaceState reads one workspace's Profile, namespace and
// buckets.
func (s *Server) readWorkspaceState(c echo.Context, workspace string) views.WorkspaceState {
	profile := s.Config.Names.WorkspaceProfileName(workspace)
	var p platformState
	done := s.readBuckets(c, &p)
	if st, err := s.Cluster.State(c.Request().Context(), profile); err != nil {
		logOf(c).Warn("workspace: the cluster did not answer", "error", upstream.Describe(err))
	} else {
		p.snapshot = cluster.Snapshot{profile: st}
	}
	<-done
	return s.stateOf(p, workspace)
}

// errNoWorkspace is the page for a workspace that does not exist.
var errNoWorkspace = &Error{Status: http.StatusNotFound, Title: "No such workspace",
	Message: "There is no workspace of that name. It may never have existed, or been deleted."}

// workspaceHolders reads the workspace's role and everyone who holds it;
// a name that is no workspace is errNoWorkspace.
func (s *Server) workspaceHolders(ctx context.Context, workspace string) (keycloak.Holders, error) {
	if !form.IsDNSLabel(workspace) {
		return keycloak.Holders{}, errNoWorkspace
	}
	h, err := s.Keycloak.RoleHolders(ctx, keycloak.WorkspaceRole(workspace))
	if errors.Is(err, keycloak.ErrNotFound) {
		return keycloak.Holders{}, errNoWorkspace
	}
	if err != nil {
		return keycloak.Holders{}, upstreamError(err, "the workspace")
	}
	return h, nil
}
