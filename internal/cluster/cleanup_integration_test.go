//go:build integration

package cluster_test

import (
	"context"
	"errors"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/stacktest"
)

// portalCluster is the cluster with the portal's own ServiceAccount.
func portalCluster(t *testing.T) *cluster.Cluster {
	t.Helper()
	c, err := cluster.New(stacktest.Getenv(t, "PKADMIN_KUBECONFIG"), 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDeletingAProfileRemovesItsNamespaceAndCanBeRepeated(t *testing.T) {
	ctx := context.Background()
	sd := stacktest.NewSeeder(t)
	name := stacktest.Unique("prof")
	u := stacktest.SeededUser{Username: name}
	sd.CleanupUser(t, u)
	if err := sd.Profile(ctx, name, name+"@example.org"); err != nil {
		t.Fatal(err)
	}
	c := portalCluster(t)
	for i := range 2 {
		if err := c.DeleteProfile(ctx, name); err != nil {
			t.Fatalf("DeleteProfile, time %d: %v", i+1, err)
		}
	}
	if err := c.WaitNamespaceGone(ctx, name, 2*time.Minute, 250*time.Millisecond); err != nil {
		t.Fatalf("WaitNamespaceGone: %v", err)
	}
	if err := c.WaitNamespaceGone(ctx, name, time.Second, 250*time.Millisecond); err != nil {
		t.Fatalf("WaitNamespaceGone again: %v", err)
	}
	_, err := sd.Admin.Core.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	if !apierrors.IsNotFound(err) {
		t.Fatalf("namespace %s read by the admin: %v, want not found", name, err)
	}
	_, err = sd.Admin.Core.CoreV1().Secrets(name).Get(ctx, "mlpipeline-minio-artifact", metav1.GetOptions{})
	if !apierrors.IsNotFound(err) {
		t.Fatalf("the secret in %s: %v, want not found", name, err)
	}
}

func TestWaitingForANamespaceThatStaysFailsWithItsOwnError(t *testing.T) {
	c := portalCluster(t)
	err := c.WaitNamespaceGone(context.Background(), "kube-system", 600*time.Millisecond,
		200*time.Millisecond)
	if !errors.Is(err, cluster.ErrNamespaceRemains) {
		t.Fatalf("waiting for kube-system to go: %v, want ErrNamespaceRemains", err)
	}
}

func TestUsersRoleBindingsElsewhereAreFoundByAnnotationAndDeleted(t *testing.T) {
	ctx := context.Background()
	sd := stacktest.NewSeeder(t)
	ws, user := stacktest.Unique("rbws"), stacktest.Unique("rbuser")
	email := user + "@example.org"
	sd.CleanupUser(t, stacktest.SeededUser{Username: ws})
	sd.CleanupUser(t, stacktest.SeededUser{Username: user})
	if err := sd.Profile(ctx, ws, "admin@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := sd.Profile(ctx, user, email); err != nil {
		t.Fatal(err)
	}
	want, err := sd.RoleBinding(ctx, ws, email)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sd.RoleBinding(ctx, user, email); err != nil {
		t.Fatal(err)
	}

	c := portalCluster(t)
	refs, err := c.UserRoleBindings(ctx, email, user)
	if err != nil || len(refs) != 1 || refs[0] != want {
		t.Fatalf("UserRoleBindings = %v, %v; want only %v (not the one in the user's namespace)",
			refs, err, want)
	}
	for i := range 2 {
		if err := c.DeleteRoleBindings(ctx, refs); err != nil {
			t.Fatalf("DeleteRoleBindings, time %d: %v", i+1, err)
		}
	}
	_, err = sd.Admin.Core.RbacV1().RoleBindings(ws).Get(ctx, want.Name, metav1.GetOptions{})
	if !apierrors.IsNotFound(err) {
		t.Fatalf("role binding read by the admin: %v, want not found", err)
	}
}
