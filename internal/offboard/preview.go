package offboard

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/storage"
)

// KeptPipelineHistory says what happens to pipeline runs: nothing.
const KeptPipelineHistory = "Pipeline run history stays in Kubeflow Pipelines; " +
	"the portal never touches it."

// BucketPreview is a bucket that will be archived, with what it holds.
// A bucket that does not exist has Exists false.
type BucketPreview struct {
	Name   string
	Exists bool
	storage.ObjectTally
}

// ProfilePreview is the Profile and namespace that will be deleted.
type ProfilePreview struct {
	Name string
	cluster.State
}

// Removed is what a deletion changes in MinIO and the cluster, read from
// the real systems; missing pieces are shown as absent, never as errors.
type Removed struct {
	// Policies are the MinIO policies that will be detached and removed,
	// with whom they are attached to now.
	Policies []storage.PolicyAttachment
	// Buckets will be archived: kept with every version, unreachable.
	Buckets []BucketPreview
	Profile ProfilePreview
	// Kept says, in sentences, what the deletion keeps.
	Kept []string
}

// UserPreview is what offboarding the user will do.
type UserPreview struct {
	User keycloak.User
	// AccessKeys are the IDs (never the secrets) of the user's MinIO
	// access keys that will be removed.
	AccessKeys []string
	Removed
	// RoleBindings are the user's role bindings in other namespaces.
	RoleBindings []cluster.ObjectRef
}

// WorkspacePreview is what deleting the workspace will do.
type WorkspacePreview struct {
	Role keycloak.Role
	// Members lose the workspace and their sessions end.
	Members []keycloak.Member
	// Groups grant the role now and lose it.
	Groups []keycloak.GroupRef
	Removed
}

// PreviewUser reads what offboarding the user would remove and keep.
func (e *Engine) PreviewUser(ctx context.Context, userID string) (UserPreview, error) {
	u, err := e.Directory.GetUser(ctx, userID)
	if err != nil {
		return UserPreview{}, fmt.Errorf("read the user: %w", err)
	}
	p := UserPlan(e.Names, u, "", "")
	out := UserPreview{User: u}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		out.AccessKeys, err = e.Storage.AccessKeys(gctx, p.Username)
		return err
	})
	g.Go(func() (err error) {
		out.RoleBindings, err = e.Cluster.UserRoleBindings(gctx, p.Email, p.Profile)
		return err
	})
	g.Go(func() (err error) {
		out.Removed, err = e.removed(gctx, p)
		return err
	})
	return out, g.Wait()
}

// PreviewWorkspace reads what deleting the workspace would remove and
// keep.
func (e *Engine) PreviewWorkspace(ctx context.Context, workspace string) (WorkspacePreview, error) {
	h, err := e.Directory.RoleHolders(ctx, keycloak.WorkspacePrefix+workspace)
	if err != nil {
		return WorkspacePreview{}, fmt.Errorf("read the workspace's holders: %w", err)
	}
	out := WorkspacePreview{Role: h.Role, Members: h.Members()}
	for _, gm := range h.Groups {
		out.Groups = append(out.Groups, gm.Group)
	}
	out.Removed, err = e.removed(ctx, WorkspacePlan(e.Names, h, "", ""))
	return out, err
}

// removed reads the policies, buckets and Profile of a plan at once.
func (e *Engine) removed(ctx context.Context, p Plan) (Removed, error) {
	out := Removed{Buckets: make([]BucketPreview, len(p.Buckets)),
		Profile: ProfilePreview{Name: p.Profile}}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		out.Policies, err = e.Storage.PolicyAttachments(gctx, p.Policies)
		return err
	})
	for i, b := range p.Buckets {
		g.Go(func() error {
			exists, t, err := e.Storage.BucketTally(gctx, b)
			out.Buckets[i] = BucketPreview{Name: b, Exists: exists, ObjectTally: t}
			return err
		})
	}
	g.Go(func() (err error) {
		out.Profile.State, err = e.Cluster.State(gctx, p.Profile)
		return err
	})
	if err := g.Wait(); err != nil {
		return Removed{}, err
	}
	for _, b := range out.Buckets {
		if b.Exists {
			out.Kept = append(out.Kept, fmt.Sprintf("Bucket %s is archived with its %d objects "+
				"(%d versions, %d bytes); it can be purged later from the archive.",
				b.Name, b.Objects, b.Versions, b.Size))
		}
	}
	out.Kept = append(out.Kept, KeptPipelineHistory)
	return out, nil
}
