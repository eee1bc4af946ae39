package devstack

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/minio/madmin-go/v3"
	"github.com/minio/minio-go/v7"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/prokube/pkadmin/internal/storage"
)

// Seed creates, idempotently, what the platform's automation would have
// made for the demo users and workspaces: per-user buckets with objects,
// a policy, a MinIO user and an access key; per-workspace buckets and a
// policy; and in the cluster a Profile owning a namespace (with a secret
// and a config map) for each, plus a role binding per workspace member.
func (s *Stack) Seed(ctx context.Context) (Demo, error) {
	demo, err := ReadDemo(filepath.Join(s.opt.Repo, "deploy/keycloak/prokube-realm.json"))
	if err != nil {
		return demo, err
	}
	st, err := storage.New(s.MinIOEndpoint, MinIORootUser, MinIORootPass, false)
	if err != nil {
		return demo, err
	}
	k, err := s.adminClients()
	if err != nil {
		return demo, err
	}

	for _, u := range demo.Users {
		buckets := []string{u.Username + "-mlpipeline", u.Username + "-data"}
		if err := seedBuckets(ctx, st.S3, buckets); err != nil {
			return demo, err
		}
		if err := seedUserCredentials(ctx, st.Admin, u.Username, buckets); err != nil {
			return demo, err
		}
		if err := CreateProfile(ctx, k.core, k.dyn, u.Username, u.Email); err != nil {
			return demo, err
		}
	}
	for _, w := range demo.Workspaces {
		buckets := []string{w.Name + "-data"}
		if err := seedBuckets(ctx, st.S3, buckets); err != nil {
			return demo, err
		}
		if err := st.Admin.AddCannedPolicy(ctx, "workspace-"+w.Name, BucketPolicy(buckets)); err != nil {
			return demo, fmt.Errorf("policy of workspace %s: %w", w.Name, err)
		}
		if err := CreateProfile(ctx, k.core, k.dyn, w.Name, "admin@example.org"); err != nil {
			return demo, err
		}
		for _, m := range w.Members {
			if _, err := BindUser(ctx, k.core, w.Name, m.Email); err != nil {
				return demo, err
			}
		}
	}
	s.logf("demo data seeded: %d users, %d workspaces", len(demo.Users), len(demo.Workspaces))
	return demo, nil
}

// seedBuckets makes versioned buckets holding a few objects, one of them
// with two versions.
func seedBuckets(ctx context.Context, s3 *minio.Client, buckets []string) error {
	for _, b := range buckets {
		exists, err := s3.BucketExists(ctx, b)
		if err != nil {
			return fmt.Errorf("bucket %s: %w", b, err)
		}
		if exists {
			continue
		}
		if err := s3.MakeBucket(ctx, b, minio.MakeBucketOptions{}); err != nil {
			return fmt.Errorf("make bucket %s: %w", b, err)
		}
		if err := s3.EnableVersioning(ctx, b); err != nil {
			return fmt.Errorf("versioning of %s: %w", b, err)
		}
		objects := []struct{ key, body string }{
			{"README.txt", "Demo data of " + b + "\n"},
			{"datasets/sample.csv", "id,value\n1,0.5\n"},
			{"datasets/sample.csv", "id,value\n1,0.5\n2,0.7\n"},
		}
		for _, o := range objects {
			_, err := s3.PutObject(ctx, b, o.key, strings.NewReader(o.body), int64(len(o.body)),
				minio.PutObjectOptions{ContentType: "text/plain"})
			if err != nil {
				return fmt.Errorf("put %s/%s: %w", b, o.key, err)
			}
		}
	}
	return nil
}

// seedUserCredentials gives the user a MinIO identity with a policy over
// their buckets and one access key.
func seedUserCredentials(ctx context.Context, adm *madmin.AdminClient, user string, buckets []string) error {
	policy := "user-" + user
	if err := adm.AddCannedPolicy(ctx, policy, BucketPolicy(buckets)); err != nil {
		return fmt.Errorf("policy %s: %w", policy, err)
	}
	info, err := adm.GetUserInfo(ctx, user)
	if err != nil {
		if err := adm.AddUser(ctx, user, randomHex(16)); err != nil {
			return fmt.Errorf("minio user %s: %w", user, err)
		}
	}
	if !strings.Contains(info.PolicyName, policy) {
		_, err := adm.AttachPolicy(ctx, madmin.PolicyAssociationReq{Policies: []string{policy}, User: user})
		if err != nil {
			return fmt.Errorf("attach %s to %s: %w", policy, user, err)
		}
	}
	keys, err := adm.ListServiceAccounts(ctx, user)
	if err != nil {
		return fmt.Errorf("access keys of %s: %w", user, err)
	}
	if len(keys.Accounts) == 0 {
		_, err := adm.AddServiceAccount(ctx, madmin.AddServiceAccountReq{TargetUser: user,
			Name: "demo", Description: "demo access key of " + user})
		if err != nil {
			return fmt.Errorf("access key of %s: %w", user, err)
		}
	}
	return nil
}

func ignoreExists[T any](_ T, err error) error {
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}
