// Command pkadmin serves the platform's admin portal.
//
// All settings come from environment variables; see internal/config and
// the README's table.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prokube/pkadmin/internal/auth"
	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/config"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/internal/store/sqlite"
	"github.com/prokube/pkadmin/web"
)

func main() {
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pkadmin: invalid configuration:", err)
		os.Exit(2)
	}
	log := newLogger(cfg)
	slog.SetDefault(log)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, log); err != nil {
		log.Error("pkadmin stopped", "error", err.Error())
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	db, err := sqlite.Open(ctx, cfg.SQLitePath())
	if err != nil {
		return err
	}
	defer db.Close()

	st, err := storage.New(cfg.MinIOEndpoint, cfg.MinIOAccessKey, cfg.MinIOSecretKey, cfg.MinIOTLS)
	if err != nil {
		return err
	}
	cl, err := cluster.New(cfg.Kubeconfig, cfg.RequestTimeout)
	if err != nil {
		return err
	}
	kc := keycloak.New(cfg.KeycloakURL, cfg.Realm, cfg.ClientID, cfg.ClientSecret,
		cfg.RequestTimeout)
	engine := &offboard.Engine{Store: db, Directory: kc, Storage: st, Cluster: cl,
		Names: cfg.Names, Settings: cfg.Offboard, Log: log}
	recoverRuns(ctx, engine, log)
	srv := web.New(web.Deps{
		Config: cfg, Log: log, Store: db,
		Provider: &auth.Provider{Issuer: cfg.IssuerURL(), ClientID: cfg.ClientID,
			ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL()},
		Keycloak: kc,
		Storage:  st,
		Cluster:  cl,
		Offboard: engine,
	})

	go sweepSessions(ctx, db, log)

	hs := &http.Server{
		Addr: cfg.ListenAddr, Handler: srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: cfg.RequestTimeout + 10*time.Second, IdleTimeout: 2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.ListenAndServe() }()
	log.Info("pkadmin listening", "addr", cfg.ListenAddr, "url", cfg.PublicURL.String()+"/admin")

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// recoverRuns marks the offboarding runs that a stop of the portal cut
// off as failed, so the dashboard offers to retry them, and logs each.
func recoverRuns(ctx context.Context, e *offboard.Engine, log *slog.Logger) {
	runs, err := e.RecoverInterrupted(ctx)
	if err != nil {
		log.Error("find interrupted offboarding runs", "error", err.Error())
		return
	}
	for _, r := range runs {
		log.Warn("offboarding run was interrupted; retry it from the dashboard",
			"run_id", r.ID, "kind", r.Kind, "target", r.Target)
	}
	log.Info("interrupted offboarding runs found at start-up", "count", len(runs))
}

// sweepSessions removes expired sessions every few minutes.
func sweepSessions(ctx context.Context, db *sqlite.DB, log *slog.Logger) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if _, err := db.DeleteExpiredSessions(ctx, now); err != nil {
				log.Warn("sweep expired sessions", "error", err.Error())
			}
		}
	}
}

func newLogger(cfg *config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, opts))
}
