//go:build integration

package offboard_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/config"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/internal/store/sqlite"
)

// closedPort is an address where nothing listens.
const closedPort = "127.0.0.1:1"

func runStore(t testing.TB) store.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "runs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func liveDirectory(t testing.TB, url string) *keycloak.Directory {
	return keycloak.New(url, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"),
		stacktest.Getenv(t, "PKADMIN_OIDC_CLIENT_ID"), stacktest.Getenv(t, "PKADMIN_OIDC_CLIENT_SECRET"),
		10*time.Second)
}

func liveStorage(t testing.TB, endpoint string) *storage.Storage {
	s, err := storage.New(endpoint, stacktest.Getenv(t, "PKADMIN_MINIO_ACCESS_KEY"),
		stacktest.Getenv(t, "PKADMIN_MINIO_SECRET_KEY"), false)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// liveEngine offboards with the portal's own credentials: its Keycloak
// client, its MinIO credential and its ServiceAccount's kubeconfig.
func liveEngine(t testing.TB, st store.RunStore) *offboard.Engine {
	t.Helper()
	cl, err := cluster.New(stacktest.Getenv(t, "PKADMIN_KUBECONFIG"), 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return &offboard.Engine{Store: st, Names: stacktest.DefaultNames(),
		Directory: liveDirectory(t, stacktest.Getenv(t, "PKADMIN_KEYCLOAK_URL")),
		Storage:   liveStorage(t, stacktest.Getenv(t, "PKADMIN_MINIO_ENDPOINT")), Cluster: cl,
		Settings: config.Offboard{Concurrency: 4, NamespaceWait: 2 * time.Minute},
		Poll:     200 * time.Millisecond, StepTimeout: time.Minute}
}

// with returns a copy of the engine's settings with other clients.
func with(e *offboard.Engine, d offboard.Directory, s offboard.Storage, c offboard.Cluster) *offboard.Engine {
	n := &offboard.Engine{Store: e.Store, Names: e.Names, Settings: e.Settings, Poll: e.Poll,
		StepTimeout: e.StepTimeout, Directory: e.Directory, Storage: e.Storage, Cluster: e.Cluster}
	if d != nil {
		n.Directory = d
	}
	if s != nil {
		n.Storage = s
	}
	if c != nil {
		n.Cluster = c
	}
	return n
}

func deadCluster(t testing.TB) *cluster.Cluster {
	c, err := cluster.NewForConfig(&rest.Config{Host: "https://" + closedPort, Timeout: 5 * time.Second,
		TLSClientConfig: rest.TLSClientConfig{Insecure: true}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// seedWithWorkspace seeds a workspace namespace and a user with a role
// binding in it.
func seedUser(t testing.TB, sd *stacktest.Seeder, prefix string) stacktest.SeededUser {
	t.Helper()
	ctx := context.Background()
	ws := stacktest.Unique(prefix + "ws")
	sd.CleanupUser(t, stacktest.SeededUser{Username: ws})
	if err := sd.Profile(ctx, ws, "admin@example.org"); err != nil {
		t.Fatal(err)
	}
	u, err := sd.User(ctx, stacktest.Unique(prefix), ws)
	sd.CleanupUser(t, u)
	if err != nil {
		t.Fatalf("seed user: %v", err)
	}
	return u
}

// versions counts every object version in the bucket with the root
// credential.
func versions(t testing.TB, sd *stacktest.Seeder, bucket string) int {
	t.Helper()
	n := 0
	for o := range sd.Root.S3.ListObjects(context.Background(), bucket,
		minio.ListObjectsOptions{WithVersions: true, Recursive: true}) {
		if o.Err != nil {
			t.Fatalf("list versions of %s as root: %v", bucket, o.Err)
		}
		n++
	}
	return n
}

// gone fails the test unless the cluster object is not found.
func gone(t testing.TB, what string, err error) {
	t.Helper()
	if !apierrors.IsNotFound(err) {
		t.Fatalf("%s read by the admin: %v, want not found", what, err)
	}
}

func profileAndNamespaceGone(t testing.TB, sd *stacktest.Seeder, name string) {
	t.Helper()
	ctx := context.Background()
	_, err := sd.Admin.Dynamic.Resource(cluster.ProfileResource).Get(ctx, name, metav1.GetOptions{})
	gone(t, "profile "+name, err)
	_, err = sd.Admin.Core.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	gone(t, "namespace "+name, err)
}

func stepOf(t testing.TB, r store.Run, name string) store.Step {
	t.Helper()
	for _, s := range r.Steps {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("run %s has no step %s", r.ID, name)
	return store.Step{}
}

func minioAs(t *testing.T, u stacktest.SeededUser) *minio.Client {
	c, err := minio.New(stacktest.Getenv(t, "PKADMIN_MINIO_ENDPOINT"), &minio.Options{
		Creds: credentials.NewStaticV4(u.AccessKey, u.SecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// failedAt checks that the run stopped at the step with the message,
// both in the error and in the store.
func failedAt(t *testing.T, e *offboard.Engine, r store.Run, err error, step, msg string) {
	t.Helper()
	var se *offboard.StepError
	if !errors.As(err, &se) || se.Step != step || se.Message != msg {
		t.Fatalf("run error = %v, want step %s to fail with %q", err, step, msg)
	}
	got, err := e.Store.GetRun(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	s := stepOf(t, got, step)
	if got.Status != store.StatusFailed || s.Status != store.StatusFailed || s.Error != msg {
		t.Fatalf("recorded run %s, step %+v; want failed with %q", got.Status, s, msg)
	}
}

func userDisabled(t *testing.T, sd *stacktest.Seeder, u stacktest.SeededUser) {
	t.Helper()
	ctx := context.Background()
	tok, err := sd.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sd.KC.GetUserByID(ctx, tok, sd.Realm, u.ID)
	if err != nil || gocloak.PBool(got.Enabled) {
		t.Fatalf("Keycloak user after the failure: %v; want it there and disabled", err)
	}
}
