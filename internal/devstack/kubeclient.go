package devstack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/prokube/pkadmin/internal/cluster"
)

// kubeAdmin holds cluster-admin clients for setting up the stack.
type kubeAdmin struct {
	core   kubernetes.Interface
	dyn    dynamic.Interface
	mapper *restmapper.DeferredDiscoveryRESTMapper
}

func (s *Stack) adminClients() (*kubeAdmin, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", s.AdminKubeconfig)
	if err != nil {
		return nil, err
	}
	core, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(core.Discovery()))
	return &kubeAdmin{core: core, dyn: dyn, mapper: mapper}, nil
}

// apply creates every object of a multi-document YAML file; objects that
// already exist are left as they are.
func (k *kubeAdmin) apply(ctx context.Context, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	for {
		var obj unstructured.Unstructured
		if err := dec.Decode(&obj.Object); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
		if len(obj.Object) == 0 {
			continue
		}
		if err := k.create(ctx, &obj); err != nil {
			return err
		}
	}
}

func (k *kubeAdmin) create(ctx context.Context, obj *unstructured.Unstructured) error {
	gvk := obj.GroupVersionKind()
	m, err := k.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return fmt.Errorf("map %s: %w", gvk, err)
	}
	var ri dynamic.ResourceInterface = k.dyn.Resource(m.Resource)
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		ri = k.dyn.Resource(m.Resource).Namespace(obj.GetNamespace())
	}
	_, err = ri.Create(ctx, obj, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

// waitForProfiles waits until the Profile CRD is served.
func (k *kubeAdmin) waitForProfiles(ctx context.Context) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := k.dyn.Resource(cluster.ProfileResource).List(ctx, metav1.ListOptions{Limit: 1})
		if err == nil {
			k.mapper.Reset()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the Profile CRD is not served: %w", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
