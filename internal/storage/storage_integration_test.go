//go:build integration

package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/storage"
)

// portalStorage is MinIO with the portal's own credential.
func portalStorage(t *testing.T) *storage.Storage {
	t.Helper()
	s, err := storage.New(stacktest.Getenv(t, "PKADMIN_MINIO_ENDPOINT"),
		stacktest.Getenv(t, "PKADMIN_MINIO_ACCESS_KEY"), stacktest.Getenv(t, "PKADMIN_MINIO_SECRET_KEY"), false)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func seedUser(t *testing.T, prefix string) (*stacktest.Seeder, stacktest.SeededUser) {
	t.Helper()
	sd := stacktest.NewSeeder(t)
	u, err := sd.User(context.Background(), stacktest.Unique(prefix), "")
	sd.CleanupUser(t, u)
	if err != nil {
		t.Fatalf("seed user: %v", err)
	}
	return sd, u
}

func TestRemovingAccessKeysAndPoliciesRefusesTheOldKeyAndCanBeRepeated(t *testing.T) {
	ctx := context.Background()
	sd, u := seedUser(t, "keys")
	st := portalStorage(t)
	old, err := minio.New(stacktest.Getenv(t, "PKADMIN_MINIO_ENDPOINT"), &minio.Options{
		Creds: credentials.NewStaticV4(u.AccessKey, u.SecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.StatObject(ctx, u.Buckets[0], "README.txt", minio.StatObjectOptions{}); err != nil {
		t.Fatalf("before the removal the user's key cannot read its bucket: %v", err)
	}
	keys, err := st.AccessKeys(ctx, u.Username)
	if err != nil || len(keys) != 1 || keys[0] != u.AccessKey {
		t.Fatalf("AccessKeys = %v, %v; want the seeded key", keys, err)
	}

	for i := range 2 {
		if err := st.RemoveAccessKeys(ctx, u.Username); err != nil {
			t.Fatalf("RemoveAccessKeys, time %d: %v", i+1, err)
		}
		if err := st.RemovePolicies(ctx, sd.Names.UserPolicyNames(u.Username)); err != nil {
			t.Fatalf("RemovePolicies, time %d: %v", i+1, err)
		}
	}

	if _, err := old.StatObject(ctx, u.Buckets[0], "README.txt", minio.StatObjectOptions{}); err == nil {
		t.Fatal("after the removal the user's old key still reads the bucket")
	}
	if keys, _ := sd.Root.Admin.ListServiceAccounts(ctx, u.Username); len(keys.Accounts) != 0 {
		t.Fatalf("MinIO still lists %d access keys of the user", len(keys.Accounts))
	}
	for _, p := range sd.Names.UserPolicyNames(u.Username) {
		if _, err := sd.Root.Admin.InfoCannedPolicyV2(ctx, p); err == nil {
			t.Fatalf("policy %s is still there", p)
		}
	}
}

func TestArchivingKeepsEveryVersionTagsTheBucketAndRemovesItsPolicy(t *testing.T) {
	ctx := context.Background()
	sd, u := seedUser(t, "arch")
	st := portalStorage(t)
	b := u.Buckets[0]
	anon := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},` +
		`"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::` + b + `/*"]}]}`
	if err := sd.Root.S3.SetBucketPolicy(ctx, b, anon); err != nil {
		t.Fatal(err)
	}
	first := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	label := storage.ArchiveLabel{At: first, By: "admin", Owner: u.Username, Kind: "user", Reason: "test"}
	for i := range 2 {
		if ok, err := st.ArchiveBucket(ctx, b, label); err != nil || !ok {
			t.Fatalf("ArchiveBucket, time %d = %v, %v; want true, nil", i+1, ok, err)
		}
		label.At = time.Now()
	}

	pol, err := sd.Root.S3.GetBucketPolicy(ctx, b)
	if err != nil || pol != "" {
		t.Fatalf("bucket policy after archiving = %q, %v; want none", pol, err)
	}
	tags, err := sd.Root.S3.GetBucketTagging(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	m := tags.ToMap()
	if m[storage.TagArchived] != "true" || m[storage.TagArchivedAt] != "2026-01-02T03:04:05Z" ||
		m[storage.TagFormerOwner] != u.Username || m[storage.TagArchivedBy] != "admin" {
		t.Fatalf("tags after archiving twice = %v, want the first label", m)
	}
	tally, err := st.Tally(ctx, b)
	if err != nil || tally.Objects != 2 || tally.Versions != 3 {
		t.Fatalf("Tally = %+v, %v; want 2 objects in 3 versions", tally, err)
	}
	if ok, err := st.ArchiveBucket(ctx, "missing-"+u.Username, label); ok || err != nil {
		t.Fatalf("archiving a missing bucket = %v, %v; want false, nil", ok, err)
	}

	list, err := st.ArchivedBuckets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range list {
		if a.Name == b {
			found = a.Owner == u.Username && a.Kind == "user" && a.Versions == 3 && a.Size > 0
		}
		if a.Name == u.Buckets[1] {
			t.Fatalf("the archive lists %s, which was never archived", a.Name)
		}
	}
	if !found {
		t.Fatalf("the archive %+v does not list %s with its owner and versions", list, b)
	}
}

func TestPurgeRefusesABucketNotArchivedAndDestroysAnArchivedOne(t *testing.T) {
	ctx := context.Background()
	_, u := seedUser(t, "purge")
	st := portalStorage(t)
	b := u.Buckets[1]
	if err := st.PurgeBucket(ctx, b); !errors.Is(err, storage.ErrNotArchived) {
		t.Fatalf("purging a bucket not archived: %v, want ErrNotArchived", err)
	}
	if ok, _ := st.S3.BucketExists(ctx, b); !ok {
		t.Fatal("a refused purge removed the bucket")
	}
	// A delete marker must go too.
	if err := st.S3.RemoveObject(ctx, b, "README.txt", minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ArchiveBucket(ctx, b, storage.ArchiveLabel{At: time.Now(), By: "admin",
		Owner: u.Username, Kind: "user"}); err != nil {
		t.Fatal(err)
	}
	pre, err := st.PurgePreview(ctx, b)
	if err != nil || pre.Objects != 1 || pre.Versions != 3 || pre.DeleteMarkers != 1 {
		t.Fatalf("PurgePreview = %+v, %v; want 1 object, 3 versions, 1 delete marker", pre, err)
	}
	if err := st.PurgeBucket(ctx, b); err != nil {
		t.Fatalf("PurgeBucket: %v", err)
	}
	if ok, err := st.S3.BucketExists(ctx, b); ok || err != nil {
		t.Fatalf("after the purge the bucket exists: %v, %v", ok, err)
	}
	if err := st.PurgeBucket(ctx, b); !errors.Is(err, storage.ErrNoSuchBucket) {
		t.Fatalf("purging a gone bucket: %v, want ErrNoSuchBucket", err)
	}
}
