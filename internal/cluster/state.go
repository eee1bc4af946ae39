package cluster

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// State is what the cluster holds for one user or workspace: its Profile
// and the namespace of the same name.
type State struct {
	Profile bool
	// Owner is the Profile's spec.owner.name (an e-mail for a user).
	Owner     string
	Namespace bool
	// Terminating says the namespace is being deleted.
	Terminating bool
	// NamespaceOwnedByProfile says the namespace carries an owner
	// reference to the Profile, so deleting the Profile removes it.
	NamespaceOwnedByProfile bool
}

// Exists says whether anything of the name is in the cluster.
func (s State) Exists() bool { return s.Profile || s.Namespace }

// State reads the Profile and namespace called name.
func (c *Cluster) State(ctx context.Context, name string) (State, error) {
	var s State
	p, err := c.Dynamic.Resource(ProfileResource).Get(ctx, name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
	case err != nil:
		return State{}, fmt.Errorf("read profile %s: %w", name, err)
	default:
		s.Profile, s.Owner = true, profileOwner(p)
	}
	ns, err := c.Core.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
	case err != nil:
		return State{}, fmt.Errorf("read namespace %s: %w", name, err)
	default:
		s.addNamespace(ns)
	}
	return s, nil
}

// Snapshot is the state of every Profile and namespace, read in two calls.
type Snapshot map[string]State

// Snapshot lists every Profile and namespace once, for pages that show
// many workspaces.
func (c *Cluster) Snapshot(ctx context.Context) (Snapshot, error) {
	out := Snapshot{}
	ps, err := c.Dynamic.Resource(ProfileResource).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list profiles: %w", err)
	}
	for i := range ps.Items {
		p := &ps.Items[i]
		out[p.GetName()] = State{Profile: true, Owner: profileOwner(p)}
	}
	nss, err := c.Core.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list namespaces: %w", err)
	}
	for i := range nss.Items {
		s := out[nss.Items[i].Name]
		s.addNamespace(&nss.Items[i])
		out[nss.Items[i].Name] = s
	}
	return out, nil
}

func (s *State) addNamespace(ns *corev1.Namespace) {
	s.Namespace = true
	s.Terminating = ns.Status.Phase == corev1.NamespaceTerminating || ns.DeletionTimestamp != nil
	for _, ref := range ns.OwnerReferences {
		if ref.Kind == "Profile" && ref.Name == ns.Name {
			s.NamespaceOwnedByProfile = true
		}
	}
}

func profileOwner(p *unstructured.Unstructured) string {
	owner, _, _ := unstructured.NestedString(p.Object, "spec", "owner", "name")
	return owner
}
