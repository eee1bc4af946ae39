//go:build integration

package offboard_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/store"
)

// These tests stop the real services through pkstack's control endpoint,
// so they run only in a stack of their own, never one that other tests
// share:
//
//	PKSTACK_PORT_OFFSET=10000 pkstack run -- \
//	  go test -tags integration -count=1 -run TestFault ./internal/offboard/

// fault stops one of the stack's services the moment a step starts.
type fault struct {
	service string
	step    string
	message string
}

var faults = []fault{
	{"keycloak", offboard.StepDisableUser, "Keycloak did not answer."},
	{"keycloak", offboard.StepDeleteUser, "Keycloak did not answer."},
	{"minio", offboard.StepAccessKeys, "MinIO did not answer."},
	{"minio", offboard.StepArchive, "MinIO did not answer."},
	{"kube-apiserver", offboard.StepProfile, "The Kubernetes API did not answer."},
	{"kube-apiserver", offboard.StepRoleBindings, "The Kubernetes API did not answer."},
}

func TestFaultAServiceStoppedDuringItsStepStopsTheRunAndResumeFinishes(t *testing.T) {
	stacktest.Getenv(t, "PKSTACK_CONTROL_URL")
	for _, f := range faults {
		t.Run(f.service+"/"+f.step, func(t *testing.T) { checkFault(t, f) })
	}
}

func checkFault(t *testing.T, f fault) {
	ctx := context.Background()
	sd := stacktest.NewSeeder(t)
	u := seedUser(t, sd, "fault")
	e := liveEngine(t, runStore(t))
	e.StepTimeout = 20 * time.Second
	before := map[string]int{}
	for _, b := range u.Buckets {
		before[b] = versions(t, sd, b)
	}

	var once sync.Once
	stopped := time.Time{}
	e.Observe = func(r store.Run) {
		for _, s := range r.Steps {
			if s.Name == f.step && s.Status == store.StatusRunning {
				once.Do(func() {
					stacktest.StopService(t, f.service)
					stopped = time.Now()
				})
			}
		}
	}
	r, err := e.OffboardUser(ctx, u.ID, "admin", "fault test")
	if stopped.IsZero() {
		t.Fatalf("step %s never started; run error %v", f.step, err)
	}
	failedAt(t, e, r, err, f.step, f.message)
	t.Logf("%s stopped at %s; the run failed %s later", f.service, f.step,
		time.Since(stopped).Round(time.Millisecond))

	e.Observe = nil
	stacktest.StartService(t, f.service)
	userStillThere(t, sd, u, f.step != offboard.StepDisableUser)
	for _, b := range u.Buckets {
		if n := versions(t, sd, b); n != before[b] {
			t.Fatalf("bucket %s holds %d versions after the failure, want the %d of before",
				b, n, before[b])
		}
	}
	if f.step == offboard.StepDisableUser {
		keys, err := sd.Root.Admin.ListServiceAccounts(ctx, u.Username)
		if err != nil || len(keys.Accounts) != 1 {
			t.Fatalf("after the first step failed: %d access keys (%v), want 1 untouched",
				len(keys.Accounts), err)
		}
	}

	if err := e.Resume(ctx, r.ID); err != nil {
		t.Fatalf("Resume with %s back: %v", f.service, err)
	}
	checkUserOffboarded(t, sd, u, minioAs(t, u), "fault test")
}

// userStillThere checks, with the master realm's admin, that the user was
// not deleted, and that it is disabled when the run got that far.
func userStillThere(t *testing.T, sd *stacktest.Seeder, u stacktest.SeededUser, disabled bool) {
	t.Helper()
	ctx := context.Background()
	tok, err := sd.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sd.KC.GetUserByID(ctx, tok, sd.Realm, u.ID)
	if err != nil {
		t.Fatalf("the Keycloak user after the failure: %v; want it still there", err)
	}
	if disabled && gocloak.PBool(got.Enabled) {
		t.Fatal("the Keycloak user is enabled after the failure; want it disabled")
	}
}

var workspaceFaults = []fault{
	{"minio", offboard.StepPolicies, "MinIO did not answer."},
	{"keycloak", offboard.StepDeleteRole, "Keycloak did not answer."},
}

func TestFaultAServiceStoppedDuringAWorkspaceDeletionKeepsTheRoleAndResumeFinishes(t *testing.T) {
	stacktest.Getenv(t, "PKSTACK_CONTROL_URL")
	for _, f := range workspaceFaults {
		t.Run(f.service+"/"+f.step, func(t *testing.T) { checkWorkspaceFault(t, f) })
	}
}

func checkWorkspaceFault(t *testing.T, f fault) {
	ctx := context.Background()
	sd := stacktest.NewSeeder(t)
	w, err := sd.Workspace(ctx, stacktest.Unique("fws"))
	sd.CleanupWorkspace(t, w)
	if err != nil {
		t.Fatalf("seed workspace: %v", err)
	}
	e := liveEngine(t, runStore(t))
	e.StepTimeout = 20 * time.Second
	var once sync.Once
	e.Observe = func(r store.Run) {
		for _, s := range r.Steps {
			if s.Name == f.step && s.Status == store.StatusRunning {
				once.Do(func() { stacktest.StopService(t, f.service) })
			}
		}
	}

	r, err := e.DeleteWorkspace(ctx, w.Name, "admin", "")
	failedAt(t, e, r, err, f.step, f.message)
	e.Observe = nil
	stacktest.StartService(t, f.service)
	tok, err := sd.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sd.KC.GetRealmRole(ctx, tok, sd.Realm, w.Role); err != nil {
		t.Fatalf("role %s after the failure: %v; want it still there", w.Role, err)
	}
	for _, b := range w.Buckets {
		if n := versions(t, sd, b); n != 3 {
			t.Fatalf("bucket %s holds %d versions after the failure, want 3", b, n)
		}
	}

	if err := e.Resume(ctx, r.ID); err != nil {
		t.Fatalf("Resume with %s back: %v", f.service, err)
	}
	checkWorkspaceDeleted(t, sd, w)
}
