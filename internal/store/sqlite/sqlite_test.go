package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/internal/store/storetest"
)

func TestSQLiteStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "pkadmin.db"))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestReopenKeepsDataAndSkipsAppliedMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pkadmin.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := db.AppendAudit(ctx, store.AuditRecord{Action: "kept", Outcome: store.OutcomeSuccess}); err != nil {
		t.Fatalf("AppendAudit: %v", err)
	}
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer db.Close()
	got, err := db.ListAudit(ctx, 10)
	if err != nil || len(got) != 1 || got[0].Action != "kept" {
		t.Fatalf("after reopen ListAudit = %+v, %v; want the one record", got, err)
	}
}
