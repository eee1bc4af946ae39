package cluster

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// UserAnnotation is the annotation by which Kubeflow's access management
// names the user (an e-mail) a role binding was made for.
const UserAnnotation = "user"

// ErrNamespaceRemains means a namespace was still there when the wait for
// its deletion ended.
var ErrNamespaceRemains = errors.New("cluster: the namespace is still there")

// ObjectRef names a namespaced object.
type ObjectRef struct {
	Namespace string
	Name      string
}

// DeleteProfile deletes a Profile; the garbage collector then removes the
// namespace it owns, with everything in it. A Profile that is already
// gone is no error.
func (c *Cluster) DeleteProfile(ctx context.Context, name string) error {
	bg := metav1.DeletePropagationBackground
	err := c.Dynamic.Resource(ProfileResource).Delete(ctx, name,
		metav1.DeleteOptions{PropagationPolicy: &bg})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("delete profile %s: %w", name, err)
	}
	return nil
}

// UserRoleBindings lists the role bindings made for the user (annotated
// with their e-mail) in every namespace but except, sorted.
func (c *Cluster) UserRoleBindings(ctx context.Context, email, except string) ([]ObjectRef, error) {
	if email == "" {
		return nil, nil
	}
	list, err := c.Core.RbacV1().RoleBindings(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list role bindings: %w", err)
	}
	var out []ObjectRef
	for _, rb := range list.Items {
		if rb.Annotations[UserAnnotation] == email && rb.Namespace != except {
			out = append(out, ObjectRef{Namespace: rb.Namespace, Name: rb.Name})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Namespace != out[j].Namespace {
			return out[i].Namespace < out[j].Namespace
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// DeleteRoleBindings deletes the role bindings; ones already gone are no
// error.
func (c *Cluster) DeleteRoleBindings(ctx context.Context, refs []ObjectRef) error {
	for _, r := range refs {
		err := c.Core.RbacV1().RoleBindings(r.Namespace).Delete(ctx, r.Name, metav1.DeleteOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("delete role binding %s/%s: %w", r.Namespace, r.Name, err)
		}
	}
	return nil
}

// WaitNamespaceGone polls until the namespace no longer exists, checking
// every poll, for at most wait; then it returns ErrNamespaceRemains.
func (c *Cluster) WaitNamespaceGone(ctx context.Context, name string, wait, poll time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		_, err := c.Core.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
		switch {
		case apierrors.IsNotFound(err):
			return nil
		case err != nil:
			return fmt.Errorf("read namespace %s: %w", name, err)
		}
		if time.Now().Add(poll).After(deadline) {
			return fmt.Errorf("%s after %s: %w", name, wait, ErrNamespaceRemains)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for namespace %s: %w", name, ctx.Err())
		case <-time.After(poll):
		}
	}
}
