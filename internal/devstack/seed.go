package devstack

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/minio/madmin-go/v3"
	"github.com/minio/minio-go/v7"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/prokube/pkadmin/internal/cluster"
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
		if err := k.seedProfile(ctx, u.Username, u.Email); err != nil {
			return demo, err
		}
	}
	for _, w := range demo.Workspaces {
		buckets := []string{w.Name + "-data"}
		if err := seedBuckets(ctx, st.S3, buckets); err != nil {
			return demo, err
		}
		if err := st.Admin.AddCannedPolicy(ctx, "workspace-"+w.Name, bucketPolicy(buckets)); err != nil {
			return demo, fmt.Errorf("policy of workspace %s: %w", w.Name, err)
		}
		if err := k.seedProfile(ctx, w.Name, "admin@example.org"); err != nil {
			return demo, err
		}
		for _, m := range w.Members {
			if err := k.seedRoleBinding(ctx, w.Name, m.Email); err != nil {
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
	if err := adm.AddCannedPolicy(ctx, policy, bucketPolicy(buckets)); err != nil {
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

// bucketPolicy grants full access to the given buckets and their objects.
func bucketPolicy(buckets []string) []byte {
	var res []string
	for _, b := range buckets {
		res = append(res, fmt.Sprintf(`"arn:aws:s3:::%s","arn:aws:s3:::%s/*"`, b, b))
	}
	return fmt.Appendf(nil, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`+
		`"Action":["s3:*"],"Resource":[%s]}]}`, strings.Join(res, ","))
}

// seedProfile creates a Profile and the namespace it owns, the way
// Kubeflow's profile controller does, with a secret and a config map.
func (k *kubeAdmin) seedProfile(ctx context.Context, name, ownerEmail string) error {
	profiles := k.dyn.Resource(cluster.ProfileResource)
	prof, err := profiles.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		obj := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "kubeflow.org/v1", "kind": "Profile",
			"metadata": map[string]any{"name": name},
			"spec":     map[string]any{"owner": map[string]any{"kind": "User", "name": ownerEmail}},
		}}
		prof, err = profiles.Create(ctx, obj, metav1.CreateOptions{})
	}
	if err != nil {
		return fmt.Errorf("profile %s: %w", name, err)
	}

	yes := true
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:        name,
		Labels:      map[string]string{"app.kubernetes.io/part-of": "kubeflow-profile"},
		Annotations: map[string]string{"owner": ownerEmail},
		OwnerReferences: []metav1.OwnerReference{{APIVersion: "kubeflow.org/v1", Kind: "Profile",
			Name: name, UID: prof.GetUID(), Controller: &yes, BlockOwnerDeletion: &yes}},
	}}
	if err := ignoreExists(k.core.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})); err != nil {
		return fmt.Errorf("namespace %s: %w", name, err)
	}
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "mlpipeline-minio-artifact", Namespace: name},
		StringData: map[string]string{"accesskey": "demo", "secretkey": randomHex(8)}}
	if err := ignoreExists(k.core.CoreV1().Secrets(name).Create(ctx, secret, metav1.CreateOptions{})); err != nil {
		return fmt.Errorf("secret in %s: %w", name, err)
	}
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "notebook-defaults", Namespace: name},
		Data: map[string]string{"image": "jupyter-scipy"}}
	if err := ignoreExists(k.core.CoreV1().ConfigMaps(name).Create(ctx, cm, metav1.CreateOptions{})); err != nil {
		return fmt.Errorf("config map in %s: %w", name, err)
	}
	return nil
}

// seedRoleBinding makes a workspace member an editor of its namespace,
// annotated with the user the way Kubeflow's access management does.
func (k *kubeAdmin) seedRoleBinding(ctx context.Context, workspace, email string) error {
	name := "user-" + strings.NewReplacer("@", "-", ".", "-").Replace(email) + "-clusterrole-edit"
	rb := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: workspace,
			Annotations: map[string]string{"user": email, "role": "edit"}},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "kubeflow-edit"},
		Subjects: []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: email}},
	}
	if err := ignoreExists(k.core.RbacV1().RoleBindings(workspace).Create(ctx, rb, metav1.CreateOptions{})); err != nil {
		return fmt.Errorf("role binding of %s in %s: %w", email, workspace, err)
	}
	return nil
}

func ignoreExists[T any](_ T, err error) error {
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}
