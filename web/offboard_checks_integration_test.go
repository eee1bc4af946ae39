//go:build integration

package web

import (
	"context"
	"testing"

	"github.com/Nerzal/gocloak/v13"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/storage"
)

// Checks of a deletion's outcome, made with the services' own
// administrators (Keycloak's master realm, MinIO's root credential, the
// cluster's admin kubeconfig), never through the portal.

// versionsAsRoot counts every object version of the bucket with MinIO's
// root credential.
func versionsAsRoot(t *testing.T, sd *stacktest.Seeder, bucket string) int {
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

// checkArchived checks that every seeded version is still there and the
// bucket is tagged as archived for the owner.
func checkArchived(t *testing.T, sd *stacktest.Seeder, bucket, owner, kind, reason string) {
	t.Helper()
	if n := versionsAsRoot(t, sd, bucket); n != 3 {
		t.Errorf("bucket %s holds %d versions after the deletion, want all 3", bucket, n)
	}
	tags, err := sd.Root.S3.GetBucketTagging(context.Background(), bucket)
	if err != nil {
		t.Fatalf("tags of %s: %v", bucket, err)
	}
	l, ok := storage.LabelFromTags(tags.ToMap())
	if !ok || l.Owner != owner || l.Kind != kind || l.By != "admin" || l.Reason != reason {
		t.Errorf("archive label of %s = %+v (archived %v), want %s %s by admin for %q",
			bucket, l, ok, kind, owner, reason)
	}
}

func notFound(t *testing.T, what string, err error) {
	t.Helper()
	if !apierrors.IsNotFound(err) {
		t.Errorf("%s read by the cluster's admin: %v, want not found", what, err)
	}
}

func profileGone(t *testing.T, sd *stacktest.Seeder, name string) {
	t.Helper()
	ctx := context.Background()
	_, err := sd.Admin.Dynamic.Resource(cluster.ProfileResource).Get(ctx, name, metav1.GetOptions{})
	notFound(t, "profile "+name, err)
	_, err = sd.Admin.Core.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	notFound(t, "namespace "+name, err)
}

// checkUserGone checks the user's deletion with reads independent of the
// portal: Keycloak, MinIO (as root and with the user's old key) and the
// cluster.
func checkUserGone(t *testing.T, sd *stacktest.Seeder, u stacktest.SeededUser, reason string) {
	t.Helper()
	ctx := context.Background()
	tok, err := sd.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sd.KC.GetUserByID(ctx, tok, sd.Realm, u.ID); err == nil {
		t.Errorf("Keycloak still has user %s", u.Username)
	}
	for _, b := range u.Buckets {
		checkArchived(t, sd, b, u.Username, "user", reason)
	}
	old, err := minio.New(stacktest.Getenv(t, "PKADMIN_MINIO_ENDPOINT"),
		&minio.Options{Creds: credentials.NewStaticV4(u.AccessKey, u.SecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.StatObject(ctx, u.Buckets[0], "README.txt", minio.StatObjectOptions{}); err == nil {
		t.Error("the user's old access key still reads the bucket")
	}
	profileGone(t, sd, u.Username)
	_, err = sd.Admin.Core.RbacV1().RoleBindings(u.Binding.Namespace).Get(ctx, u.Binding.Name,
		metav1.GetOptions{})
	notFound(t, "the user's role binding in "+u.Binding.Namespace, err)
}

func userEnabled(t *testing.T, sd *stacktest.Seeder, id string) bool {
	t.Helper()
	ctx := context.Background()
	tok, err := sd.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u, err := sd.KC.GetUserByID(ctx, tok, sd.Realm, id)
	if err != nil {
		t.Fatalf("read user %s: %v; want it untouched", id, err)
	}
	return gocloak.PBool(u.Enabled)
}
