package devstack

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"

	"github.com/prokube/pkadmin/internal/cluster"
)

// What the platform's own automation makes for a user or a workspace,
// made here the same way for the demo data and for the tests' seeding.

// BucketPolicy is a MinIO policy granting full access to the buckets and
// their objects.
func BucketPolicy(buckets []string) []byte {
	var res []string
	for _, b := range buckets {
		res = append(res, fmt.Sprintf(`"arn:aws:s3:::%s","arn:aws:s3:::%s/*"`, b, b))
	}
	return fmt.Appendf(nil, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`+
		`"Action":["s3:*"],"Resource":[%s]}]}`, strings.Join(res, ","))
}

// CreateProfile creates, idempotently, a Profile and the namespace it
// owns, the way Kubeflow's profile controller does, with a secret and a
// config map inside.
func CreateProfile(ctx context.Context, core kubernetes.Interface, dyn dynamic.Interface,
	name, ownerEmail string) error {
	profiles := dyn.Resource(cluster.ProfileResource)
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
	if err := ignoreExists(core.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})); err != nil {
		return fmt.Errorf("namespace %s: %w", name, err)
	}
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "mlpipeline-minio-artifact", Namespace: name},
		StringData: map[string]string{"accesskey": "demo", "secretkey": randomHex(8)}}
	if err := ignoreExists(core.CoreV1().Secrets(name).Create(ctx, secret, metav1.CreateOptions{})); err != nil {
		return fmt.Errorf("secret in %s: %w", name, err)
	}
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "notebook-defaults", Namespace: name},
		Data: map[string]string{"image": "jupyter-scipy"}}
	if err := ignoreExists(core.CoreV1().ConfigMaps(name).Create(ctx, cm, metav1.CreateOptions{})); err != nil {
		return fmt.Errorf("config map in %s: %w", name, err)
	}
	return nil
}

// BindUser makes the user (by e-mail) an editor of namespace ns,
// idempotently, annotated with the user the way Kubeflow's access
// management does, and returns the binding's name.
func BindUser(ctx context.Context, core kubernetes.Interface, ns, email string) (string, error) {
	name := "user-" + strings.NewReplacer("@", "-", ".", "-").Replace(email) + "-clusterrole-edit"
	rb := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns,
			Annotations: map[string]string{cluster.UserAnnotation: email, "role": "edit"}},
		RoleRef: rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole",
			Name: "kubeflow-edit"},
		Subjects: []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: email}},
	}
	if err := ignoreExists(core.RbacV1().RoleBindings(ns).Create(ctx, rb, metav1.CreateOptions{})); err != nil {
		return "", fmt.Errorf("role binding of %s in %s: %w", email, ns, err)
	}
	return name, nil
}
