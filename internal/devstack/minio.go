package devstack

import (
	"context"
	"fmt"
	"path/filepath"
	"time"
)

// startMinIO runs a single-drive MinIO server with the stack's root
// credential.
func (s *Stack) startMinIO(ctx context.Context) error {
	env := []string{
		"MINIO_ROOT_USER=" + MinIORootUser, "MINIO_ROOT_PASSWORD=" + MinIORootPass,
		"MINIO_BROWSER=off", "MINIO_UPDATE=off",
	}
	err := s.launch(ctx, service{name: "minio", logDir: filepath.Join(s.opt.State, "logs"),
		dir: s.opt.State, env: env, bin: s.bin("minio-"+s.versions["MINIO_VERSION"], "minio"),
		args: []string{"server", filepath.Join(s.opt.State, "minio"), "--quiet",
			"--address", s.MinIOEndpoint,
			"--console-address", fmt.Sprintf("127.0.0.1:%d", s.opt.port(portMinIOConsole))},
		// The cluster check answers only once bucket metadata and IAM are
		// loaded; the liveness check answers before, and a bucket's tags
		// written in between can be lost from memory.
		health: "http://" + s.MinIOEndpoint + "/minio/health/cluster", ready: time.Minute})
	if err != nil {
		return err
	}
	s.logf("minio ready at %s", s.MinIOEndpoint)
	return nil
}
