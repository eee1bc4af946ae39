package devstack

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// service says how to run one of the stack's programs and how to tell it
// is ready, so that it can be started again after a test stopped it.
type service struct {
	name   string
	logDir string
	dir    string
	env    []string
	bin    string
	args   []string
	// health answers 200 once the service is ready; ready bounds the wait.
	health string
	ready  time.Duration
}

// process is one service the stack runs, with its output in a log file.
type process struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// start runs the service in its own process group. The child is killed
// if this process dies, so no service outlives the stack. A restarted
// service appends to its log.
func start(sv service) (*process, error) {
	logFile, err := os.OpenFile(filepath.Join(sv.logDir, sv.name+".log"),
		os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(sv.bin, sv.args...)
	cmd.Dir = sv.dir
	cmd.Env = append(os.Environ(), sv.env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", sv.name, err)
	}
	p := &process{name: sv.name, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	return p, nil
}

// stop asks the process group to end, and kills it after grace.
func (p *process) stop(grace time.Duration) {
	pgid := -p.cmd.Process.Pid
	_ = syscall.Kill(pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(grace):
		_ = syscall.Kill(pgid, syscall.SIGKILL)
		<-p.done
	}
	// Children that left the group's leader behind go too.
	_ = syscall.Kill(pgid, syscall.SIGKILL)
}

// waitHTTP polls url until it answers 200, the process exits, or the
// deadline passes.
func (p *process) waitHTTP(ctx context.Context, url string, timeout time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{
		// Probes of the API server and controller manager before their
		// certificates are known to the caller.
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // loopback probe only
	}}
	deadline := time.Now().Add(timeout)
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s exited before it was ready (%v); see its log", p.name, p.err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s was not ready within %s; see its log", p.name, timeout)
		}
	}
}
