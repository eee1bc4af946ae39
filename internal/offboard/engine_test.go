package offboard

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/config"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/internal/store/sqlite"
)

// fake stands in for Keycloak, MinIO and the cluster; it records each
// call and fails the ones named in failing.
type fake struct {
	mu      sync.Mutex
	calls   []string
	failing map[string]error
}

func (f *fake) call(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, name)
	return f.failing[name]
}

func (f *fake) called() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fake) GetUser(_ context.Context, id string) (keycloak.User, error) {
	return keycloak.User{ID: id, Username: "u-" + id, Email: id + "@example.org"}, nil
}
func (f *fake) DisableUser(context.Context, string) error      { return f.call("DisableUser") }
func (f *fake) LogoutEverywhere(context.Context, string) error { return f.call("Logout") }
func (f *fake) DeleteUser(context.Context, string) error       { return f.call("DeleteUser") }
func (f *fake) RoleHolders(_ context.Context, role string) (keycloak.Holders, error) {
	return keycloak.Holders{Role: keycloak.Role{ID: "r1", Name: role},
		Direct: []keycloak.UserRef{{ID: "d1", Username: "dora"}},
		Groups: []keycloak.GroupMembers{{Group: keycloak.GroupRef{ID: "g1", Name: "team"},
			Members: []keycloak.UserRef{{ID: "m1", Username: "mia"}, {ID: "d1", Username: "dora"}}}},
	}, nil
}
func (f *fake) RevokeRoles(_ context.Context, id string, _ []keycloak.Role) error {
	return f.call("RevokeRoles " + id)
}
func (f *fake) RevokeGroupRoles(_ context.Context, id string, _ []keycloak.Role) error {
	return f.call("RevokeGroupRoles " + id)
}
func (f *fake) DeleteRole(context.Context, string) error { return f.call("DeleteRole") }

func (f *fake) AccessKeys(context.Context, string) ([]string, error) { return nil, nil }
func (f *fake) RemoveAccessKeys(context.Context, string) error       { return f.call("RemoveAccessKeys") }
func (f *fake) PolicyAttachments(context.Context, []string) ([]storage.PolicyAttachment, error) {
	return nil, nil
}
func (f *fake) RemovePolicies(context.Context, []string) error { return f.call("RemovePolicies") }
func (f *fake) ArchiveBucket(_ context.Context, b string, _ storage.ArchiveLabel) (bool, error) {
	return true, f.call("Archive " + b)
}
func (f *fake) BucketTally(context.Context, string) (bool, storage.ObjectTally, error) {
	return false, storage.ObjectTally{}, nil
}

func (f *fake) State(context.Context, string) (cluster.State, error) { return cluster.State{}, nil }
func (f *fake) DeleteProfile(context.Context, string) error          { return f.call("DeleteProfile") }
func (f *fake) UserRoleBindings(context.Context, string, string) ([]cluster.ObjectRef, error) {
	return nil, f.call("UserRoleBindings")
}
func (f *fake) DeleteRoleBindings(context.Context, []cluster.ObjectRef) error {
	return f.call("DeleteRoleBindings")
}
func (f *fake) WaitNamespaceGone(context.Context, string, time.Duration, time.Duration) error {
	return f.call("WaitNamespaceGone")
}

func newEngine(t *testing.T, f *fake) *Engine {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "runs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	names := config.Names{UserBuckets: []string{"{user}-a", "{user}-b"},
		UserPolicies: []string{"user-{user}"}, UserProfile: "{user}",
		WorkspaceBuckets: []string{"{workspace}-data"}, WorkspacePolicies: []string{"ws-{workspace}"},
		WorkspaceProfile: "{workspace}"}
	return &Engine{Store: db, Directory: f, Storage: f, Cluster: f, Names: names,
		Settings: config.Offboard{Concurrency: 2, NamespaceWait: time.Second}}
}

var userOrder = []string{"DisableUser", "Logout", "RemoveAccessKeys", "RemovePolicies",
	"Archive u-1-a", "Archive u-1-b", "DeleteProfile", "UserRoleBindings", "DeleteRoleBindings",
	"WaitNamespaceGone", "DeleteUser"}

func TestUserOffboardingCutsAccessFirstAndDeletesTheUserLast(t *testing.T) {
	f := &fake{}
	e := newEngine(t, f)
	r, err := e.OffboardUser(context.Background(), "1", "admin", "left the company")
	if err != nil {
		t.Fatalf("OffboardUser: %v", err)
	}
	if got := f.called(); !slices.Equal(got, userOrder) {
		t.Fatalf("calls = %v\nwant %v", got, userOrder)
	}
	got, err := e.Store.GetRun(context.Background(), r.ID)
	if err != nil || got.Status != store.StatusDone || got.Target != "u-1" || got.Actor != "admin" {
		t.Fatalf("run = %+v, %v; want done for u-1 by admin", got, err)
	}
	for _, s := range got.Steps {
		if s.Status != store.StatusDone || s.Started.IsZero() || s.Finished.IsZero() {
			t.Fatalf("step %s = %+v, want done with both times", s.Name, s)
		}
	}
}

func TestFailedStepStopsTheRunAndResumeContinuesFromIt(t *testing.T) {
	f := &fake{failing: map[string]error{"DeleteProfile": errors.New("dial tcp: refused body=secret")}}
	e := newEngine(t, f)
	ctx := context.Background()
	r, err := e.OffboardUser(ctx, "1", "admin", "")
	var se *StepError
	if !errors.As(err, &se) || se.Step != StepProfile {
		t.Fatalf("OffboardUser error = %v, want a StepError at %s", err, StepProfile)
	}
	if slices.Contains(f.called(), "DeleteUser") {
		t.Fatal("the Keycloak user was deleted although an earlier step failed")
	}
	got, _ := e.Store.GetRun(ctx, r.ID)
	failed := got.Steps[slices.Index(StepNames(KindUser), StepProfile)]
	if got.Status != store.StatusFailed || failed.Status != store.StatusFailed ||
		strings.Contains(failed.Error, "secret") || failed.Error == "" {
		t.Fatalf("after the failure run %s, step %+v; want failed with a safe message",
			got.Status, failed)
	}

	f.failing, f.calls = nil, nil
	if err := e.Resume(ctx, r.ID); err != nil {
		t.Fatalf("Resume: %v", err)
	}
	want := userOrder[slices.Index(userOrder, "DeleteProfile"):]
	if got := f.called(); !slices.Equal(got, want) {
		t.Fatalf("resume calls = %v, want only the rest %v", got, want)
	}
	got, _ = e.Store.GetRun(ctx, r.ID)
	if got.Status != store.StatusDone || got.Steps[slices.Index(StepNames(KindUser), StepProfile)].Error != "" {
		t.Fatalf("after resume the run is %+v, want done without the old message", got)
	}
}

func TestResumingADoneRunChangesNothing(t *testing.T) {
	f := &fake{}
	e := newEngine(t, f)
	ctx := context.Background()
	r, err := e.OffboardUser(ctx, "1", "admin", "")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := e.Store.GetRun(ctx, r.ID)
	f.calls = nil
	if err := e.Resume(ctx, r.ID); err != nil {
		t.Fatalf("Resume of a done run: %v", err)
	}
	after, _ := e.Store.GetRun(ctx, r.ID)
	if len(f.called()) != 0 || !after.Finished.Equal(before.Finished) {
		t.Fatalf("resuming a done run made calls %v and moved its end %v -> %v",
			f.called(), before.Finished, after.Finished)
	}
}

func TestWorkspaceRunTakesTheRoleFromRecordedHoldersAndDeletesItLast(t *testing.T) {
	f := &fake{}
	e := newEngine(t, f)
	r, err := e.DeleteWorkspace(context.Background(), "vision", "admin", "")
	if err != nil {
		t.Fatalf("DeleteWorkspace: %v", err)
	}
	want := []string{"RevokeRoles d1", "RevokeGroupRoles g1", "Logout", "Logout", "RemovePolicies",
		"Archive vision-data", "DeleteProfile", "WaitNamespaceGone", "DeleteRole"}
	if got := f.called(); !slices.Equal(got, want) {
		t.Fatalf("calls = %v\nwant %v", got, want)
	}
	_, p, err := e.Get(context.Background(), r.ID)
	if err != nil || p.Holders == nil || len(p.Holders.Members()) != 2 {
		t.Fatalf("recorded plan = %+v, %v; want the two members", p, err)
	}
}

func TestARunFoundRunningAtStartIsMarkedInterruptedAtItsStep(t *testing.T) {
	f := &fake{}
	e := newEngine(t, f)
	ctx := context.Background()
	r, err := e.CreateUserRun(ctx, "1", "admin", "")
	if err != nil {
		t.Fatal(err)
	}
	r.Status = store.StatusRunning
	r.Steps[0].Status, r.Steps[1].Status = store.StatusDone, store.StatusRunning
	if err := e.Store.UpdateRun(ctx, r); err != nil {
		t.Fatal(err)
	}
	marked, err := e.RecoverInterrupted(ctx)
	if err != nil || len(marked) != 1 {
		t.Fatalf("RecoverInterrupted = %d runs, %v; want 1", len(marked), err)
	}
	open, _ := e.Incomplete(ctx)
	if len(open) != 1 || open[0].Status != store.StatusFailed ||
		open[0].Steps[1].Status != store.StatusFailed || open[0].Steps[1].Error == "" {
		t.Fatalf("incomplete runs = %+v, want one failed at step 2 with a message", open)
	}
	if err := e.Resume(ctx, r.ID); err != nil {
		t.Fatalf("Resume: %v", err)
	}
	if got := f.called(); got[0] != "RemoveAccessKeys" {
		t.Fatalf("resume started with %s, want the interrupted step", got[0])
	}
}

func TestAdministratorCannotOffboardThemselves(t *testing.T) {
	e := newEngine(t, &fake{})
	if _, err := e.CreateUserRun(context.Background(), "1", "u-1", ""); !errors.Is(err, ErrSelf) {
		t.Fatalf("CreateUserRun of oneself: %v, want ErrSelf", err)
	}
}

func TestBulkRunsEveryUserInOneBatch(t *testing.T) {
	f := &fake{}
	e := newEngine(t, f)
	var mu sync.Mutex
	seen := map[string]bool{}
	e.Observe = func(r store.Run) {
		mu.Lock()
		seen[r.ID] = true
		mu.Unlock()
	}
	ids := []string{"1", "2", "3", "4", "5"}
	batch, entries, err := e.OffboardUsers(context.Background(), ids, "admin", "")
	if err != nil {
		t.Fatalf("OffboardUsers: %v", err)
	}
	runs, _ := e.Store.ListRuns(context.Background(), store.RunQuery{BatchID: batch})
	if len(runs) != 5 || len(entries) != 5 || len(seen) != 5 {
		t.Fatalf("batch has %d runs, %d entries, %d observed; want 5 each", len(runs),
			len(entries), len(seen))
	}
	for _, r := range runs {
		if r.Status != store.StatusDone {
			t.Fatalf("run of %s is %s, want done", r.Target, r.Status)
		}
	}
	if n := strings.Count(fmt.Sprint(f.called()), "DeleteUser"); n != 5 {
		t.Fatalf("DeleteUser called %d times, want 5", n)
	}
}

func TestSafeMessageNamesTheServiceAndHidesTheCause(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("x: %w", context.DeadlineExceeded), "MinIO did not answer."},
		{fmt.Errorf("read: %w", keycloak.ErrTokenRefused), "MinIO refused the portal's request"},
		{fmt.Errorf("wait: %w", cluster.ErrNamespaceRemains), "still being deleted"},
		{errors.New(`{"error":"secret-token-123"}`), "MinIO could not complete this step."},
	}
	for _, c := range cases {
		got := safeMessage(svcMinIO, c.err)
		if !strings.Contains(got, c.want) || strings.Contains(got, "secret") {
			t.Errorf("safeMessage(%v) = %q, want it to contain %q and no cause", c.err, got, c.want)
		}
	}
}

func TestAnUnfinishedRunIsTheOnlyWayToFinishItsTarget(t *testing.T) {
	f := &fake{failing: map[string]error{"DeleteProfile": errors.New("dial tcp: refused")}}
	e := newEngine(t, f)
	ctx := context.Background()
	first, _ := e.OffboardUser(ctx, "1", "admin", "")

	_, err := e.CreateUserRun(ctx, "1", "admin", "")
	var open *OpenRunError
	if !errors.As(err, &open) || open.Run.ID != first.ID {
		t.Fatalf("a second run for a user with a failed one: %v, want OpenRunError naming %s",
			err, first.ID)
	}

	f.failing = nil
	if err := e.Resume(ctx, first.ID); err != nil {
		t.Fatalf("Resume: %v", err)
	}
	if _, err := e.CreateUserRun(ctx, "1", "admin", ""); err != nil {
		t.Fatalf("a new run once the first is done: %v", err)
	}
}
