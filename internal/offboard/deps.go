package offboard

import (
	"context"
	"time"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/storage"
)

// Directory is the realm as offboarding uses it; *keycloak.Directory
// implements it.
type Directory interface {
	GetUser(ctx context.Context, id string) (keycloak.User, error)
	DisableUser(ctx context.Context, id string) error
	LogoutEverywhere(ctx context.Context, id string) error
	DeleteUser(ctx context.Context, id string) error
	RoleHolders(ctx context.Context, role string) (keycloak.Holders, error)
	RevokeRoles(ctx context.Context, userID string, roles []keycloak.Role) error
	RevokeGroupRoles(ctx context.Context, groupID string, roles []keycloak.Role) error
	DeleteRole(ctx context.Context, name string) error
}

// Storage is MinIO as offboarding uses it; *storage.Storage implements it.
type Storage interface {
	AccessKeys(ctx context.Context, user string) ([]string, error)
	RemoveAccessKeys(ctx context.Context, user string) error
	PolicyAttachments(ctx context.Context, policies []string) ([]storage.PolicyAttachment, error)
	RemovePolicies(ctx context.Context, policies []string) error
	ArchiveBucket(ctx context.Context, bucket string, l storage.ArchiveLabel) (bool, error)
	BucketTally(ctx context.Context, bucket string) (bool, storage.ObjectTally, error)
}

// Cluster is Kubernetes as offboarding uses it; *cluster.Cluster
// implements it.
type Cluster interface {
	State(ctx context.Context, name string) (cluster.State, error)
	DeleteProfile(ctx context.Context, name string) error
	UserRoleBindings(ctx context.Context, email, except string) ([]cluster.ObjectRef, error)
	DeleteRoleBindings(ctx context.Context, refs []cluster.ObjectRef) error
	WaitNamespaceGone(ctx context.Context, name string, wait, poll time.Duration) error
}

var (
	_ Directory = (*keycloak.Directory)(nil)
	_ Storage   = (*storage.Storage)(nil)
	_ Cluster   = (*cluster.Cluster)(nil)
)
