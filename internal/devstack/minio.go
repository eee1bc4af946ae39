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
	p, err := start("minio", filepath.Join(s.opt.State, "logs"), s.opt.State, env,
		s.bin("minio-"+s.versions["MINIO_VERSION"], "minio"),
		"server", filepath.Join(s.opt.State, "minio"), "--quiet",
		"--address", s.MinIOEndpoint,
		"--console-address", fmt.Sprintf("127.0.0.1:%d", s.opt.port(portMinIOConsole)))
	if err != nil {
		return err
	}
	s.add(p)
	if err := p.waitHTTP(ctx, "http://"+s.MinIOEndpoint+"/minio/health/live", time.Minute); err != nil {
		return err
	}
	s.logf("minio ready at %s", s.MinIOEndpoint)
	return nil
}
