// Command pkstack runs the local stack of real services: Keycloak,
// MinIO and a Kubernetes control plane, seeded with the demo data.
//
//	pkstack dev               the demo: stack and portal, until Ctrl-C
//	pkstack run [-portal] -- CMD ARGS...
//	                          start the stack, run CMD with its settings
//	                          in the environment, stop the stack, exit
//	                          with CMD's status
//
// Binaries come from deploy/stack/fetch.sh's cache ($PKADMIN_CACHE,
// default ~/.cache/pkadmin); run it first (the Makefile does).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/prokube/pkadmin/internal/devstack"
)

// Ports of the portal: the demo's is the one the README names. A test
// stack moves every port by an offset (20000 unless PKSTACK_PORT_OFFSET
// says otherwise, so a second stack can run beside the first); the portal
// ports of offsets 20000 and 30000 are registered as redirect URIs in the
// demo realm.
const (
	devPortalPort     = 8080
	defaultTestOffset = 20000
)

// testOffset is the port offset of `pkstack run`.
func testOffset() (int, error) {
	v := os.Getenv("PKSTACK_PORT_OFFSET")
	if v == "" {
		return defaultTestOffset, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1000 || n > 40000 || n%1000 != 0 {
		return 0, fmt.Errorf("PKSTACK_PORT_OFFSET=%q: want a multiple of 1000 from 1000 to 40000", v)
	}
	return n, nil
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var code int
	var err error
	switch os.Args[1] {
	case "dev":
		err = dev(ctx)
	case "run":
		code, err = run(ctx, os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pkstack:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: pkstack dev | pkstack run [-portal] -- CMD [ARGS...]")
	os.Exit(2)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pkstack: "+format+"\n", args...)
}

// up starts the stack in a fresh state folder and seeds it.
func up(ctx context.Context, offset int) (*devstack.Stack, string, error) {
	repo, err := os.Getwd()
	if err != nil {
		return nil, "", err
	}
	cache := os.Getenv("PKADMIN_CACHE")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache", "pkadmin")
	}
	state, err := os.MkdirTemp("", "pkstack-")
	if err != nil {
		return nil, "", err
	}
	began := time.Now()
	st, err := devstack.Start(ctx, devstack.Options{Repo: repo, Cache: cache, State: state,
		PortOffset: offset, Log: logf})
	if err != nil {
		return nil, state, fmt.Errorf("%w (logs in %s)", err, filepath.Join(state, "logs"))
	}
	if _, err := st.Seed(ctx); err != nil {
		st.Stop()
		return nil, state, fmt.Errorf("seed demo data: %w", err)
	}
	logf("stack ready in %s", time.Since(began).Round(100*time.Millisecond))
	return st, state, nil
}

// startPortal builds the portal and runs it against the stack.
func startPortal(ctx context.Context, st *devstack.Stack, state string, port int) (*exec.Cmd, string, error) {
	bin := filepath.Join(state, "pkadmin")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/pkadmin")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, "", fmt.Errorf("build the portal: %w", err)
	}
	url := fmt.Sprintf("http://localhost:%d", port)
	cmd := exec.Command(bin)
	cmd.Env = append(append(os.Environ(), st.Env()...),
		fmt.Sprintf("PKADMIN_LISTEN_ADDR=127.0.0.1:%d", port), "PKADMIN_PUBLIC_URL="+url,
		"PKADMIN_DATABASE=sqlite:"+filepath.Join(state, "pkadmin.db"))
	logFile, err := os.Create(filepath.Join(state, "logs", "pkadmin.log"))
	if err != nil {
		return nil, "", err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		resp, err := http.Get(url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return cmd, url, nil
			}
		}
		if time.Now().After(deadline) {
			stopPortal(cmd)
			return nil, "", errors.New("the portal did not become ready; see " + logFile.Name())
		}
	}
}

func stopPortal(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
	}
}

func cleanup(state string) {
	if os.Getenv("PKSTACK_KEEP_STATE") != "" {
		logf("state kept in %s", state)
		return
	}
	_ = os.RemoveAll(state)
}

// dev runs the demo until interrupted.
func dev(ctx context.Context) error {
	began := time.Now()
	st, state, err := up(ctx, 0)
	if err != nil {
		return err
	}
	defer cleanup(state)
	defer st.Stop()
	portal, url, err := startPortal(ctx, st, state, devPortalPort)
	if err != nil {
		return err
	}
	defer stopPortal(portal)

	fmt.Printf(`
pkadmin is ready (%s from start): %s/admin

Demo logins (password %s):
  admin      platform administrator (pk-admin)
  helpdesk   helpdesk staff (pk-helpdesk)
  alice      an ordinary user: gets the "not an administrator" page
  frank      an ordinary user with buckets, a Profile and workspaces: try offboarding him

Keycloak admin console: %s/admin/master/console  (%s / %s)
E-mails Keycloak sends: %s
Logs: %s
Press Ctrl-C to stop everything.
`, time.Since(began).Round(100*time.Millisecond), url, devstack.DemoPassword, st.KeycloakURL,
		devstack.KeycloakAdmin, devstack.KeycloakAdminPass, st.MailDir, filepath.Join(state, "logs"))
	<-ctx.Done()
	logf("stopping")
	return nil
}

// run starts the stack, runs the command against it, and stops the stack.
func run(ctx context.Context, args []string) (int, error) {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	withPortal := fs.Bool("portal", false, "also run the portal on port 8080 plus the offset")
	_ = fs.Parse(args)
	if fs.NArg() == 0 {
		usage()
	}
	offset, err := testOffset()
	if err != nil {
		return 0, err
	}

	st, state, err := up(ctx, offset)
	if err != nil {
		return 0, err
	}
	defer cleanup(state)
	defer st.Stop()

	// Integration tests run a portal of their own one port above the
	// stack's portal.
	env := append(st.Env(), fmt.Sprintf("PKSTACK_LIVE_PORTAL_URL=http://localhost:%d",
		devPortalPort+offset+1), fmt.Sprintf("PKSTACK_BENCH_PORTAL_URL=http://localhost:%d",
		devPortalPort+offset))
	control, err := serveControl(ctx, st)
	if err != nil {
		return 0, err
	}
	env = append(env, "PKSTACK_CONTROL_URL="+control)
	if *withPortal {
		portal, url, err := startPortal(ctx, st, state, devPortalPort+offset)
		if err != nil {
			return 0, err
		}
		defer stopPortal(portal)
		env = append(env, "PKSTACK_PORTAL_URL="+url)
	}

	cmd := exec.Command(fs.Arg(0), fs.Args()[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-ctx.Done():
		_ = cmd.Process.Signal(syscall.SIGTERM)
		err = <-done
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	return 0, err
}
