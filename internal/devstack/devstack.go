// Package devstack runs the real services the portal needs on loopback,
// for the local demo and for the tests: Keycloak, MinIO, and a
// Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager).
// The binaries come from deploy/stack/fetch.sh's cache; every start gets
// fresh state, which Seed then fills with the demo data.
package devstack

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Options say where the stack finds its binaries and which ports it uses.
type Options struct {
	// Repo is the project's checkout (deploy/ is read from it).
	Repo string
	// Cache is where fetch.sh put the binaries.
	Cache string
	// State is a fresh folder for the services' data and logs.
	State string
	// PortOffset moves every port, so a test stack can run beside the demo.
	PortOffset int
	// Log receives progress lines.
	Log func(format string, args ...any)
}

// Ports of the services, before the offset.
const (
	portKeycloak     = 8180
	portKeycloakMgmt = 9180
	portMinIO        = 9100
	portMinIOConsole = 9101
	portEtcd         = 12379
	portEtcdPeer     = 12380
	portAPIServer    = 16443
	portKCM          = 10357
)

// Demo credentials of the stack. They exist only on loopback, for as long
// as the stack runs.
const (
	KeycloakAdmin     = "stack-admin"
	KeycloakAdminPass = "stack-admin-pass"
	MinIORootUser     = "minio-root"
	MinIORootPass     = "minio-root-pass"
	ClientSecret      = "pkadmin-demo-secret"
	DemoPassword      = "demo-pass-1"
	Realm             = "prokube"
)

// Stack is a running set of services.
type Stack struct {
	opt      Options
	versions map[string]string
	procs    []*process
	// services are the specifications of every service started, by name.
	services map[string]service
	mu       sync.Mutex

	// KeycloakURL is Keycloak's base URL, /auth included.
	KeycloakURL string
	// MinIOEndpoint is host:port of MinIO's S3 API.
	MinIOEndpoint string
	// AdminKubeconfig has cluster-admin rights; PortalKubeconfig holds the
	// portal's ServiceAccount token.
	AdminKubeconfig  string
	PortalKubeconfig string
	// MailDir holds every e-mail Keycloak sent, one .eml file each.
	MailDir string

	mail *mailCatcher
}

func (o Options) port(p int) int { return p + o.PortOffset }

// Start launches every service and waits until each answers. On error
// the services started so far are stopped.
func Start(ctx context.Context, opt Options) (*Stack, error) {
	versions, err := readVersions(filepath.Join(opt.Repo, "deploy/stack/versions.env"))
	if err != nil {
		return nil, err
	}
	for _, d := range []string{"logs", "etcd", "kube", "minio"} {
		if err := os.MkdirAll(filepath.Join(opt.State, d), 0o700); err != nil {
			return nil, err
		}
	}
	s := &Stack{opt: opt, versions: versions}
	s.KeycloakURL = fmt.Sprintf("http://localhost:%d/auth", opt.port(portKeycloak))
	s.MinIOEndpoint = fmt.Sprintf("127.0.0.1:%d", opt.port(portMinIO))

	if err := s.startMailCatcher(); err != nil {
		return nil, err
	}

	// Keycloak takes longest; it boots while the others start.
	kc := make(chan error, 1)
	go func() { kc <- s.startKeycloak(ctx) }()
	err = s.startKube(ctx)
	if err == nil {
		err = s.startMinIO(ctx)
	}
	if kerr := <-kc; err == nil {
		err = kerr
	}
	if err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// launch starts a service, keeps its specification for a restart, and
// waits until it answers its health check.
func (s *Stack) launch(ctx context.Context, sv service) error {
	p, err := start(sv)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.procs = append(s.procs, p)
	if s.services == nil {
		s.services = map[string]service{}
	}
	s.services[sv.name] = sv
	s.mu.Unlock()
	return p.waitHTTP(ctx, sv.health, sv.ready)
}

// Stop ends every service, the last started first.
func (s *Stack) Stop() {
	s.mu.Lock()
	procs := s.procs
	s.procs = nil
	s.mu.Unlock()
	for i := len(procs) - 1; i >= 0; i-- {
		procs[i].stop(20 * time.Second)
	}
	if s.mail != nil {
		_ = s.mail.server.Close()
	}
}

// StopService stops one running service by name (keycloak, minio,
// kube-apiserver, ...), for tests of failures part-way through an action,
// and says whether it was running.
func (s *Stack) StopService(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, p := range s.procs {
		if p.name == name {
			p.stop(20 * time.Second)
			s.procs = append(s.procs[:i], s.procs[i+1:]...)
			return true
		}
	}
	return false
}

// StartService starts a stopped service again with its data as it was,
// and waits until it is ready. Starting a running service changes nothing.
func (s *Stack) StartService(ctx context.Context, name string) error {
	s.mu.Lock()
	sv, known := s.services[name]
	running := false
	for _, p := range s.procs {
		running = running || p.name == name
	}
	s.mu.Unlock()
	switch {
	case !known:
		return fmt.Errorf("no service named %q", name)
	case running:
		return nil
	}
	return s.launch(ctx, sv)
}

// Env is the environment that points the portal and the tests at the stack.
func (s *Stack) Env() []string {
	return []string{
		"PKADMIN_KEYCLOAK_URL=" + s.KeycloakURL,
		"PKADMIN_KEYCLOAK_REALM=" + Realm,
		"PKADMIN_OIDC_CLIENT_ID=pkadmin",
		"PKADMIN_OIDC_CLIENT_SECRET=" + ClientSecret,
		"PKADMIN_MINIO_ENDPOINT=" + s.MinIOEndpoint,
		"PKADMIN_MINIO_ACCESS_KEY=" + MinIORootUser,
		"PKADMIN_MINIO_SECRET_KEY=" + MinIORootPass,
		"PKADMIN_KUBECONFIG=" + s.PortalKubeconfig,
		"PKSTACK_ADMIN_KUBECONFIG=" + s.AdminKubeconfig,
		"PKSTACK_KEYCLOAK_ADMIN=" + KeycloakAdmin,
		"PKSTACK_KEYCLOAK_ADMIN_PASSWORD=" + KeycloakAdminPass,
		"PKSTACK_KCADM=" + filepath.Join(s.opt.State, "keycloak/bin/kcadm.sh"),
		"PKSTACK_DEMO_PASSWORD=" + DemoPassword,
		"PKSTACK_STATE=" + s.opt.State,
		"PKSTACK_MAILDIR=" + s.MailDir,
	}
}

func (s *Stack) logf(format string, args ...any) {
	if s.opt.Log != nil {
		s.opt.Log(format, args...)
	}
}

// readVersions reads KEY=VALUE lines, skipping comments.
func readVersions(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			out[k] = v
		}
	}
	return out, sc.Err()
}

// bin is the path of a cached binary.
func (s *Stack) bin(dir, name string) string {
	return filepath.Join(s.opt.Cache, "bin", dir, name)
}
