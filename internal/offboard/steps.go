package offboard

import (
	"context"
	"errors"
	"time"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/storage"
)

// Names of the steps, as the store records them.
const (
	StepDisableUser   = "keycloak-disable-user"
	StepAccessKeys    = "minio-access-keys"
	StepPolicies      = "minio-policies"
	StepArchive       = "minio-archive-buckets"
	StepProfile       = "kubernetes-profile"
	StepRoleBindings  = "kubernetes-role-bindings"
	StepNamespaceGone = "kubernetes-namespace-gone"
	StepDeleteUser    = "keycloak-delete-user"
	StepCutAccess     = "keycloak-cut-access"
	StepDeleteRole    = "keycloak-delete-role"
)

// step is one idempotent piece of a run.
type step struct {
	name    string
	service string
	// waits marks a step that only waits for the cluster; it does not
	// count against a bulk run's concurrency.
	waits bool
	run   func(ctx context.Context, e *Engine, p Plan) error
}

// StepNames lists the steps of a kind of run, in order.
func StepNames(k Kind) []string {
	var out []string
	for _, s := range stepsOf(k) {
		out = append(out, s.name)
	}
	return out
}

func stepsOf(k Kind) []step {
	if k == KindWorkspace {
		return workspaceSteps
	}
	return userSteps
}

var userSteps = []step{
	{name: StepDisableUser, service: svcKeycloak, run: disableUser},
	{name: StepAccessKeys, service: svcMinIO, run: removeAccessKeys},
	{name: StepPolicies, service: svcMinIO, run: removePolicies},
	{name: StepArchive, service: svcMinIO, run: archiveBuckets},
	{name: StepProfile, service: svcCluster, run: deleteProfile},
	{name: StepRoleBindings, service: svcCluster, run: deleteRoleBindings},
	{name: StepNamespaceGone, service: svcCluster, waits: true, run: waitNamespace},
	{name: StepDeleteUser, service: svcKeycloak, run: deleteUser},
}

var workspaceSteps = []step{
	{name: StepCutAccess, service: svcKeycloak, run: cutAccess},
	{name: StepPolicies, service: svcMinIO, run: removePolicies},
	{name: StepArchive, service: svcMinIO, run: archiveBuckets},
	{name: StepProfile, service: svcCluster, run: deleteProfile},
	{name: StepNamespaceGone, service: svcCluster, waits: true, run: waitNamespace},
	{name: StepDeleteRole, service: svcKeycloak, run: deleteRole},
}

// gone treats a Keycloak object that no longer exists as done.
func gone(err error) error {
	if errors.Is(err, keycloak.ErrNotFound) {
		return nil
	}
	return err
}

func disableUser(ctx context.Context, e *Engine, p Plan) error {
	err := e.Directory.DisableUser(ctx, p.UserID)
	if errors.Is(err, keycloak.ErrNotFound) {
		// Someone deleted the user already; the rest still needs doing.
		return nil
	}
	if err != nil {
		return err
	}
	return gone(e.Directory.LogoutEverywhere(ctx, p.UserID))
}

// cutAccess takes the role from the holders recorded in the plan and ends
// their sessions. Users or groups deleted meanwhile are skipped.
func cutAccess(ctx context.Context, e *Engine, p Plan) error {
	h := p.Holders
	roles := []keycloak.Role{h.Role}
	for _, u := range h.Direct {
		if err := gone(e.Directory.RevokeRoles(ctx, u.ID, roles)); err != nil {
			return err
		}
	}
	for _, g := range h.Groups {
		if err := gone(e.Directory.RevokeGroupRoles(ctx, g.Group.ID, roles)); err != nil {
			return err
		}
	}
	for _, m := range h.Members() {
		if err := gone(e.Directory.LogoutEverywhere(ctx, m.User.ID)); err != nil {
			return err
		}
	}
	return nil
}

func removeAccessKeys(ctx context.Context, e *Engine, p Plan) error {
	return e.Storage.RemoveAccessKeys(ctx, p.Username)
}

func deleteRoleBindings(ctx context.Context, e *Engine, p Plan) error {
	refs, err := e.Cluster.UserRoleBindings(ctx, p.Email, p.Profile)
	if err != nil {
		return err
	}
	return e.Cluster.DeleteRoleBindings(ctx, refs)
}

func deleteUser(ctx context.Context, e *Engine, p Plan) error {
	return e.Directory.DeleteUser(ctx, p.UserID)
}

func deleteRole(ctx context.Context, e *Engine, p Plan) error {
	return e.Directory.DeleteRole(ctx, p.Holders.Role.Name)
}

func removePolicies(ctx context.Context, e *Engine, p Plan) error {
	return e.Storage.RemovePolicies(ctx, p.Policies)
}

func archiveBuckets(ctx context.Context, e *Engine, p Plan) error {
	label := storage.ArchiveLabel{At: e.now(), By: p.Actor, Owner: p.Target(),
		Kind: string(p.Kind), Reason: p.Reason}
	for _, b := range p.Buckets {
		if _, err := e.Storage.ArchiveBucket(ctx, b, label); err != nil {
			return err
		}
	}
	return nil
}

func deleteProfile(ctx context.Context, e *Engine, p Plan) error {
	return e.Cluster.DeleteProfile(ctx, p.Profile)
}

func waitNamespace(ctx context.Context, e *Engine, p Plan) error {
	poll := e.Poll
	if poll <= 0 {
		poll = 500 * time.Millisecond
	}
	return e.Cluster.WaitNamespaceGone(ctx, p.Profile, e.namespaceWait(), poll)
}
