//go:build integration

package offboard_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/store"
)

// benchUsers is how many users each half of the benchmark offboards.
const benchUsers = 50

// seedMany seeds n users at once, each with a role binding in ns.
func seedMany(b *testing.B, sd *stacktest.Seeder, prefix, ns string, n int) []stacktest.SeededUser {
	b.Helper()
	users := make([]stacktest.SeededUser, n)
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(8)
	for i := range users {
		g.Go(func() error {
			u, err := sd.User(ctx, fmt.Sprintf("%s-%02d", prefix, i), ns)
			users[i] = u
			return err
		})
	}
	err := g.Wait()
	for _, u := range users {
		sd.CleanupUser(b, u)
	}
	if err != nil {
		b.Fatalf("seed %d users: %v", n, err)
	}
	return users
}

// BenchmarkBulkOffboardingAgainstOneAfterAnother offboards 50 seeded
// users in one bulk run, then 50 more one after another, and reports
// both times and how many times faster the bulk run was.
func BenchmarkBulkOffboardingAgainstOneAfterAnother(b *testing.B) {
	ctx := context.Background()
	sd := stacktest.NewSeeder(b)
	e := liveEngine(b, runStore(b))
	for b.Loop() {
		ns := stacktest.Unique("benchws")
		sd.CleanupUser(b, stacktest.SeededUser{Username: ns})
		if err := sd.Profile(ctx, ns, "admin@example.org"); err != nil {
			b.Fatal(err)
		}

		bulkUsers := seedMany(b, sd, stacktest.Unique("bb"), ns, benchUsers)
		ids := make([]string, len(bulkUsers))
		for i, u := range bulkUsers {
			ids[i] = u.ID
		}
		start := time.Now()
		batch, entries, err := e.OffboardUsers(ctx, ids, "admin", "benchmark")
		bulk := time.Since(start)
		if err != nil {
			b.Fatalf("bulk offboarding: %v", err)
		}
		for _, en := range entries {
			if en.Err != nil {
				b.Fatalf("bulk offboarding of %s: %v", en.UserID, en.Err)
			}
		}
		runs, _ := e.Store.ListRuns(ctx, store.RunQuery{BatchID: batch, Limit: 1000})
		for _, r := range runs {
			if r.Status != store.StatusDone {
				b.Fatalf("bulk run of %s ended %s", r.Target, r.Status)
			}
		}

		oneUsers := seedMany(b, sd, stacktest.Unique("bs"), ns, benchUsers)
		start = time.Now()
		for _, u := range oneUsers {
			if _, err := e.OffboardUser(ctx, u.ID, "admin", "benchmark"); err != nil {
				b.Fatalf("offboarding %s: %v", u.Username, err)
			}
		}
		oneByOne := time.Since(start)

		ratio := oneByOne.Seconds() / bulk.Seconds()
		b.ReportMetric(bulk.Seconds(), "bulk-s")
		b.ReportMetric(oneByOne.Seconds(), "one-by-one-s")
		b.ReportMetric(ratio, "times-faster")
		b.Logf("%d users: bulk %s (concurrency %d), one after another %s, %.1f times faster",
			benchUsers, bulk.Round(time.Millisecond), e.Settings.Concurrency,
			oneByOne.Round(time.Millisecond), ratio)
		if ratio < 4 {
			b.Errorf("bulk was %.1f times faster than one after another, want at least 4", ratio)
		}
	}
}
