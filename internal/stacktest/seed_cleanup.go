package stacktest

import (
	"context"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/prokube/pkadmin/internal/cluster"
)

// Unique returns prefix with a time-based suffix, a valid DNS-1123 label
// for the stack's tests.
func Unique(prefix string) string {
	return prefix + "-" + time.Now().Format("150405") + "-" +
		time.Now().Format(".000000")[1:]
}

// CleanupUser removes, best effort, whatever of the seeded user remains,
// when the test ends; data of an offboarded user is removed too.
func (s *Seeder) CleanupUser(t testing.TB, u SeededUser) {
	t.Cleanup(func() { s.RemoveUser(context.Background(), u) })
}

// RemoveUser removes whatever of the seeded user remains.
func (s *Seeder) RemoveUser(ctx context.Context, u SeededUser) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if tok, err := s.Token(ctx); err == nil && u.ID != "" {
		_ = s.KC.DeleteUser(ctx, tok, s.Realm, u.ID)
	}
	s.removeStorage(ctx, u.Buckets, s.Names.UserPolicyNames(u.Username))
	_ = s.Root.Admin.RemoveUser(ctx, u.Username)
	if u.Binding.Name != "" {
		_ = s.Admin.Core.RbacV1().RoleBindings(u.Binding.Namespace).Delete(ctx, u.Binding.Name,
			metav1.DeleteOptions{})
	}
	s.removeProfile(ctx, s.Names.UserProfileName(u.Username))
}

// CleanupWorkspace removes, best effort, whatever of the seeded
// workspace remains when the test ends.
func (s *Seeder) CleanupWorkspace(t testing.TB, w SeededWorkspace) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if tok, err := s.Token(ctx); err == nil {
			_ = s.KC.DeleteRealmRole(ctx, tok, s.Realm, w.Role)
			if w.GroupID != "" {
				_ = s.KC.DeleteGroup(ctx, tok, s.Realm, w.GroupID)
			}
		}
		s.removeStorage(ctx, w.Buckets, s.Names.WorkspacePolicyNames(w.Name))
		s.RemoveUser(ctx, w.Direct)
		s.RemoveUser(ctx, w.Member)
		s.removeProfile(ctx, s.Names.WorkspaceProfileName(w.Name))
	})
}

func (s *Seeder) removeStorage(ctx context.Context, buckets, policies []string) {
	for _, b := range buckets {
		_ = s.Root.S3.RemoveBucketWithOptions(ctx, b, minio.RemoveBucketOptions{ForceDelete: true})
	}
	for _, p := range policies {
		_ = s.Root.Admin.RemoveCannedPolicy(ctx, p)
	}
}

func (s *Seeder) removeProfile(ctx context.Context, name string) {
	_ = s.Admin.Dynamic.Resource(cluster.ProfileResource).Delete(ctx, name, metav1.DeleteOptions{})
	_ = s.Admin.Core.CoreV1().Namespaces().Delete(ctx, name, metav1.DeleteOptions{})
}
