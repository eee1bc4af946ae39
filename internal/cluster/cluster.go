// Package cluster is the portal's view of Kubernetes: Kubeflow Profiles,
// namespaces and the objects that name a user.
package cluster

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// ProfileResource is Kubeflow's cluster-scoped Profile.
var ProfileResource = schema.GroupVersionResource{
	Group: "kubeflow.org", Version: "v1", Resource: "profiles",
}

// Cluster holds the clients the portal uses.
type Cluster struct {
	Core    kubernetes.Interface
	Dynamic dynamic.Interface
}

// New connects with the kubeconfig at path, or the in-cluster service
// account when path is empty.
func New(path string, timeout time.Duration) (*Cluster, error) {
	var cfg *rest.Config
	var err error
	if path == "" {
		cfg, err = rest.InClusterConfig()
	} else {
		cfg, err = clientcmd.BuildConfigFromFlags("", path)
	}
	if err != nil {
		return nil, fmt.Errorf("kubernetes config: %w", err)
	}
	cfg.Timeout = timeout
	return NewForConfig(cfg)
}

// NewForConfig builds the clients from a REST config.
func NewForConfig(cfg *rest.Config) (*Cluster, error) {
	core, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("kubernetes client: %w", err)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("kubernetes dynamic client: %w", err)
	}
	return &Cluster{Core: core, Dynamic: dyn}, nil
}

// Ping checks that the API server answers and that the portal may read
// Profiles, which every cluster feature of the portal needs.
func (c *Cluster) Ping(ctx context.Context) error {
	_, err := c.Dynamic.Resource(ProfileResource).List(ctx, metav1.ListOptions{Limit: 1})
	if err != nil {
		return fmt.Errorf("list profiles: %w", err)
	}
	return nil
}
