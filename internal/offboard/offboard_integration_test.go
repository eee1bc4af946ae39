//go:build integration

package offboard_test

import (
	"context"
	"slices"
	"testing"

	"github.com/Nerzal/gocloak/v13"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/internal/store"
)

func TestOffboardingAUserArchivesTheBucketsAndRemovesEveryWayIn(t *testing.T) {
	ctx := context.Background()
	sd := stacktest.NewSeeder(t)
	u := seedUser(t, sd, "off")
	e := liveEngine(t, runStore(t))

	pre, err := e.PreviewUser(ctx, u.ID)
	if err != nil {
		t.Fatalf("PreviewUser: %v", err)
	}
	if !slices.Equal(pre.AccessKeys, []string{u.AccessKey}) || len(pre.Policies) != 1 ||
		!pre.Policies[0].Exists || !pre.Profile.Profile || !pre.Profile.Namespace ||
		len(pre.RoleBindings) != 1 || pre.RoleBindings[0] != u.Binding {
		t.Fatalf("preview = %+v, want the key, the policy, the Profile and the binding", pre)
	}
	for _, b := range pre.Buckets {
		if !b.Exists || b.Objects != 2 || b.Versions != 3 {
			t.Fatalf("preview of bucket %s = %+v, want 2 objects in 3 versions", b.Name, b)
		}
	}

	old, err := minio.New(stacktest.Getenv(t, "PKADMIN_MINIO_ENDPOINT"), &minio.Options{
		Creds: credentials.NewStaticV4(u.AccessKey, u.SecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.StatObject(ctx, u.Buckets[0], "README.txt", minio.StatObjectOptions{}); err != nil {
		t.Fatalf("before offboarding the user's access key cannot read: %v", err)
	}

	r, err := e.OffboardUser(ctx, u.ID, "admin", "left the company")
	if err != nil {
		t.Fatalf("OffboardUser: %v", err)
	}
	checkUserOffboarded(t, sd, u, old, "left the company")

	// Resuming a done run changes nothing; every step run a second time
	// succeeds and changes nothing either.
	tags, _ := sd.Root.S3.GetBucketTagging(ctx, u.Buckets[0])
	if err := e.Resume(ctx, r.ID); err != nil {
		t.Fatalf("Resume of a done run: %v", err)
	}
	again, _ := e.Store.GetRun(ctx, r.ID)
	for i := range again.Steps {
		again.Steps[i] = store.Step{Name: again.Steps[i].Name, Status: store.StatusPending}
	}
	again.Status = store.StatusPending
	if err := e.Store.UpdateRun(ctx, again); err != nil {
		t.Fatal(err)
	}
	if err := e.Run(ctx, r.ID); err != nil {
		t.Fatalf("every step run a second time: %v", err)
	}
	checkUserOffboarded(t, sd, u, old, "left the company")
	tags2, _ := sd.Root.S3.GetBucketTagging(ctx, u.Buckets[0])
	if tags.ToMap()[storage.TagArchivedAt] != tags2.ToMap()[storage.TagArchivedAt] {
		t.Fatalf("the second run changed the archive label: %v -> %v", tags.ToMap(), tags2.ToMap())
	}
}

// checkUserOffboarded reads Keycloak, MinIO and the cluster on their own.
func checkUserOffboarded(t *testing.T, sd *stacktest.Seeder, u stacktest.SeededUser, old *minio.Client,
	reason string) {
	t.Helper()
	ctx := context.Background()
	tok, err := sd.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sd.KC.GetUserByID(ctx, tok, sd.Realm, u.ID); err == nil {
		t.Fatal("the Keycloak user is still there")
	}
	for _, b := range u.Buckets {
		if n := versions(t, sd, b); n != 3 {
			t.Fatalf("bucket %s holds %d versions after offboarding, want all 3", b, n)
		}
		tags, err := sd.Root.S3.GetBucketTagging(ctx, b)
		if err != nil {
			t.Fatalf("tags of %s: %v", b, err)
		}
		l, ok := storage.LabelFromTags(tags.ToMap())
		if !ok || l.Owner != u.Username || l.Kind != "user" || l.By != "admin" ||
			l.Reason != reason {
			t.Fatalf("archive label of %s = %+v (archived %v), want the user's", b, l, ok)
		}
	}
	if _, err := old.StatObject(ctx, u.Buckets[0], "README.txt", minio.StatObjectOptions{}); err == nil {
		t.Fatal("after offboarding the user's old access key still reads the bucket")
	}
	profileAndNamespaceGone(t, sd, u.Username)
	_, err = sd.Admin.Core.RbacV1().RoleBindings(u.Binding.Namespace).Get(ctx, u.Binding.Name,
		metav1.GetOptions{})
	gone(t, "the user's role binding in "+u.Binding.Namespace, err)
}

func TestDeletingAWorkspaceRecordsItsMembersCutsAccessAndDeletesTheRoleLast(t *testing.T) {
	ctx := context.Background()
	sd := stacktest.NewSeeder(t)
	w, err := sd.Workspace(ctx, stacktest.Unique("ws"))
	sd.CleanupWorkspace(t, w)
	if err != nil {
		t.Fatalf("seed workspace: %v", err)
	}
	e := liveEngine(t, runStore(t))

	pre, err := e.PreviewWorkspace(ctx, w.Name)
	if err != nil {
		t.Fatalf("PreviewWorkspace: %v", err)
	}
	if len(pre.Members) != 2 || len(pre.Groups) != 1 || pre.Groups[0].Name != w.GroupName ||
		len(pre.Policies) != 1 || len(pre.Policies[0].Users) != 1 || !pre.Profile.Profile {
		t.Fatalf("preview = %+v, want 2 members, the group, the policy and the Profile", pre)
	}

	r, err := e.DeleteWorkspace(ctx, w.Name, "admin", "project ended")
	if err != nil {
		t.Fatalf("DeleteWorkspace: %v", err)
	}
	_, plan, err := e.Get(ctx, r.ID)
	if err != nil || plan.Holders == nil || len(plan.Holders.Members()) != 2 {
		t.Fatalf("recorded plan = %+v, %v; want both members", plan, err)
	}
	done, _ := e.Store.GetRun(ctx, r.ID)
	last := done.Steps[len(done.Steps)-1]
	if last.Name != offboard.StepDeleteRole ||
		last.Started.Before(stepOf(t, done, offboard.StepNamespaceGone).Finished) {
		t.Fatalf("the role was not deleted last: %+v", done.Steps)
	}
	checkWorkspaceDeleted(t, sd, w)

	again := done
	for i := range again.Steps {
		again.Steps[i] = store.Step{Name: again.Steps[i].Name, Status: store.StatusPending}
	}
	if err := e.Store.UpdateRun(ctx, again); err != nil {
		t.Fatal(err)
	}
	if err := e.Run(ctx, r.ID); err != nil {
		t.Fatalf("every workspace step run a second time: %v", err)
	}
	checkWorkspaceDeleted(t, sd, w)
}

func checkWorkspaceDeleted(t *testing.T, sd *stacktest.Seeder, w stacktest.SeededWorkspace) {
	t.Helper()
	ctx := context.Background()
	tok, err := sd.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sd.KC.GetRealmRole(ctx, tok, sd.Realm, w.Role); err == nil {
		t.Fatalf("role %s is still there", w.Role)
	}
	roles, err := sd.KC.GetRealmRolesByGroupID(ctx, tok, sd.Realm, w.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles {
		if gocloak.PString(r.Name) == w.Role {
			t.Fatalf("group %s still holds %s", w.GroupName, w.Role)
		}
	}
	for _, b := range w.Buckets {
		if n := versions(t, sd, b); n != 3 {
			t.Fatalf("bucket %s holds %d versions, want all 3", b, n)
		}
		tags, _ := sd.Root.S3.GetBucketTagging(ctx, b)
		if l, ok := storage.LabelFromTags(tags.ToMap()); !ok || l.Kind != "workspace" || l.Owner != w.Name {
			t.Fatalf("bucket %s label = %+v (archived %v), want the workspace's", b, l, ok)
		}
	}
	for _, p := range sd.Names.WorkspacePolicyNames(w.Name) {
		if _, err := sd.Root.Admin.InfoCannedPolicyV2(ctx, p); err == nil {
			t.Fatalf("policy %s is still there", p)
		}
	}
	profileAndNamespaceGone(t, sd, w.Name)
}

func TestAnUnreachableMinIOStopsTheRunWithTheUserDisabledAndResumeFinishes(t *testing.T) {
	ctx := context.Background()
	sd := stacktest.NewSeeder(t)
	u := seedUser(t, sd, "fmin")
	good := liveEngine(t, runStore(t))
	bad := with(good, nil, liveStorage(t, closedPort), nil)

	r, err := bad.OffboardUser(ctx, u.ID, "admin", "")
	failedAt(t, bad, r, err, offboard.StepAccessKeys, "MinIO did not answer.")
	userDisabled(t, sd, u)
	for _, b := range u.Buckets {
		if n := versions(t, sd, b); n != 3 {
			t.Fatalf("bucket %s holds %d versions after the failure, want 3", b, n)
		}
	}

	if err := good.Resume(ctx, r.ID); err != nil {
		t.Fatalf("Resume with MinIO back: %v", err)
	}
	checkUserOffboarded(t, sd, u, minioAs(t, u), "")
}

func TestUnreachableKubernetesThenKeycloakStopTheRunAndResumeFinishes(t *testing.T) {
	ctx := context.Background()
	sd := stacktest.NewSeeder(t)
	u := seedUser(t, sd, "fkube")
	good := liveEngine(t, runStore(t))

	r, err := with(good, nil, nil, deadCluster(t)).OffboardUser(ctx, u.ID, "admin", "")
	failedAt(t, good, r, err, offboard.StepProfile, "The Kubernetes API did not answer.")
	userDisabled(t, sd, u)

	// Keycloak gone for the resume: the cluster steps finish, the last
	// step fails and the user is still there, disabled.
	deadKC := with(good, liveDirectory(t, "http://"+closedPort), nil, nil)
	err = deadKC.Resume(ctx, r.ID)
	failedAt(t, good, r, err, offboard.StepDeleteUser, "Keycloak did not answer.")
	userDisabled(t, sd, u)
	profileAndNamespaceGone(t, sd, u.Username)

	if err := good.Resume(ctx, r.ID); err != nil {
		t.Fatalf("Resume with every service: %v", err)
	}
	checkUserOffboarded(t, sd, u, minioAs(t, u), "")
}

func TestUnreachableKeycloakFailsTheFirstStepAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	sd := stacktest.NewSeeder(t)
	u := seedUser(t, sd, "fkc")
	good := liveEngine(t, runStore(t))
	r, err := good.CreateUserRun(ctx, u.ID, "admin", "")
	if err != nil {
		t.Fatal(err)
	}
	err = with(good, liveDirectory(t, "http://"+closedPort), nil, nil).Run(ctx, r.ID)
	failedAt(t, good, r, err, offboard.StepDisableUser, "Keycloak did not answer.")
	if keys, _ := sd.Root.Admin.ListServiceAccounts(ctx, u.Username); len(keys.Accounts) != 1 {
		t.Fatalf("after the first step failed the user has %d access keys, want 1", len(keys.Accounts))
	}
	if err := good.Resume(ctx, r.ID); err != nil {
		t.Fatalf("Resume with Keycloak back: %v", err)
	}
	checkUserOffboarded(t, sd, u, minioAs(t, u), "")
}
