package devstack

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// startKeycloak runs Keycloak in development mode under /auth, from a
// private copy of the cached distribution (its data folder is per
// instance), importing the demo realm.
func (s *Stack) startKeycloak(ctx context.Context) error {
	dist := filepath.Join(s.opt.Cache, "keycloak-"+s.versions["KEYCLOAK_VERSION"])
	home := filepath.Join(s.opt.State, "keycloak")
	if out, err := exec.CommandContext(ctx, "cp", "-a", dist, home).CombinedOutput(); err != nil {
		return fmt.Errorf("copy keycloak from %s (run deploy/stack/fetch.sh): %w: %s", dist, err, out)
	}
	importDir := filepath.Join(home, "data", "import")
	if err := os.MkdirAll(importDir, 0o700); err != nil {
		return err
	}
	realm, err := os.ReadFile(filepath.Join(s.opt.Repo, "deploy/keycloak/prokube-realm.json"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(importDir, "prokube-realm.json"), realm, 0o600); err != nil {
		return err
	}

	javaHome, err := exec.Command("bash", filepath.Join(s.opt.Repo, "deploy/stack/java-home.sh")).Output()
	if err != nil {
		return fmt.Errorf("find a JDK: %w", err)
	}
	env := []string{
		"JAVA_HOME=" + strings.TrimSpace(string(javaHome)),
		"KC_BOOTSTRAP_ADMIN_USERNAME=" + KeycloakAdmin,
		"KC_BOOTSTRAP_ADMIN_PASSWORD=" + KeycloakAdminPass,
	}
	err = s.launch(ctx, service{name: "keycloak", logDir: filepath.Join(s.opt.State, "logs"),
		dir: home, env: env, bin: filepath.Join(home, "bin", "kc.sh"),
		args: []string{"start-dev",
			"--http-host=127.0.0.1", fmt.Sprintf("--http-port=%d", s.opt.port(portKeycloak)),
			fmt.Sprintf("--http-management-port=%d", s.opt.port(portKeycloakMgmt)),
			"--http-relative-path=/auth", "--import-realm", "--health-enabled=true"},
		health: fmt.Sprintf("http://127.0.0.1:%d/auth/health/ready", s.opt.port(portKeycloakMgmt)),
		ready:  4 * time.Minute})
	if err != nil {
		return err
	}
	if err := s.configureRealmSMTP(ctx); err != nil {
		return err
	}
	s.logf("keycloak ready at %s", s.KeycloakURL)
	return nil
}
