package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prokube/pkadmin/internal/store"
)

func runRuns(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("RunRoundTripKeepsPlanAndStepOrder", func(t *testing.T) { runRoundTrip(t, open(t)) })
	t.Run("UpdateRunWritesStatusTimesAndSteps", func(t *testing.T) { runUpdate(t, open(t)) })
	t.Run("MissingRunIsNotFound", func(t *testing.T) { runMissing(t, open(t)) })
	t.Run("DuplicateRunIDIsRefused", func(t *testing.T) { runDuplicate(t, open(t)) })
	t.Run("ListRunsFiltersByStatusAndBatch", func(t *testing.T) { runList(t, open(t)) })
}

func sampleRun(id, batch string, created time.Time) store.Run {
	return store.Run{ID: id, BatchID: batch, Kind: "user", Target: "bob-" + id, Actor: "admin",
		Plan: []byte(`{"username":"bob"}`), Status: store.StatusPending, Created: created,
		Steps: []store.Step{
			{Name: "first", Status: store.StatusPending},
			{Name: "second", Status: store.StatusPending},
			{Name: "third", Status: store.StatusPending},
		}}
}

func runRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	created := time.Now().Truncate(time.Millisecond).UTC()
	if err := s.CreateRun(ctx, sampleRun("r1", "", created)); err != nil {
		t.Fatalf("CreateRun: %v", err)
	}
	got, err := s.GetRun(ctx, "r1")
	if err != nil {
		t.Fatalf("GetRun: %v", err)
	}
	if got.Kind != "user" || got.Target != "bob-r1" || got.Actor != "admin" ||
		string(got.Plan) != `{"username":"bob"}` || got.Status != store.StatusPending ||
		!got.Created.Equal(created) || !got.Started.IsZero() || !got.Finished.IsZero() {
		t.Fatalf("GetRun = %+v, want the run as created", got)
	}
	if len(got.Steps) != 3 || got.Steps[0].Name != "first" || got.Steps[2].Name != "third" ||
		got.Steps[1].Status != store.StatusPending || !got.Steps[1].Started.IsZero() {
		t.Fatalf("GetRun steps = %+v, want first, second, third, all pending", got.Steps)
	}
}

func runUpdate(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now().Truncate(time.Millisecond).UTC()
	r := sampleRun("r2", "", now)
	if err := s.CreateRun(ctx, r); err != nil {
		t.Fatalf("CreateRun: %v", err)
	}
	r.Status, r.Started, r.Finished = store.StatusFailed, now.Add(time.Second), now.Add(3*time.Second)
	r.Steps[0] = store.Step{Name: "first", Status: store.StatusDone, Started: now.Add(time.Second),
		Finished: now.Add(2 * time.Second)}
	r.Steps[1] = store.Step{Name: "second", Status: store.StatusFailed,
		Started: now.Add(2 * time.Second), Finished: now.Add(3 * time.Second),
		Error: "MinIO did not answer"}
	r.Plan = []byte(`{"changed":true}`)
	if err := s.UpdateRun(ctx, r); err != nil {
		t.Fatalf("UpdateRun: %v", err)
	}
	got, err := s.GetRun(ctx, "r2")
	if err != nil {
		t.Fatalf("GetRun: %v", err)
	}
	if got.Status != store.StatusFailed || !got.Started.Equal(r.Started) ||
		!got.Finished.Equal(r.Finished) {
		t.Fatalf("after UpdateRun the run is %s %v..%v, want failed %v..%v",
			got.Status, got.Started, got.Finished, r.Started, r.Finished)
	}
	if string(got.Plan) != `{"username":"bob"}` {
		t.Fatalf("UpdateRun changed the plan to %s; it must stay as created", got.Plan)
	}
	if got.Steps[0].Status != store.StatusDone || !got.Steps[0].Finished.Equal(r.Steps[0].Finished) ||
		got.Steps[1].Status != store.StatusFailed || got.Steps[1].Error != "MinIO did not answer" ||
		got.Steps[2].Status != store.StatusPending {
		t.Fatalf("after UpdateRun the steps are %+v, want done, failed with its message, pending",
			got.Steps)
	}
}

func runMissing(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.GetRun(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("GetRun of a missing run: err = %v, want ErrNotFound", err)
	}
	err := s.UpdateRun(ctx, sampleRun("nope", "", time.Now()))
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("UpdateRun of a missing run: err = %v, want ErrNotFound", err)
	}
}

func runDuplicate(t *testing.T, s store.Store) {
	ctx := context.Background()
	if err := s.CreateRun(ctx, sampleRun("dup", "", time.Now())); err != nil {
		t.Fatalf("CreateRun: %v", err)
	}
	if err := s.CreateRun(ctx, sampleRun("dup", "", time.Now())); err == nil {
		t.Fatal("CreateRun with an existing ID succeeded, want an error")
	}
}

func runList(t *testing.T, s store.Store) {
	ctx := context.Background()
	base := time.Now().Truncate(time.Millisecond).UTC()
	statuses := map[string]store.RunStatus{"a": store.StatusDone, "b": store.StatusRunning,
		"c": store.StatusFailed, "d": store.StatusPending}
	for i, id := range []string{"a", "b", "c", "d"} {
		batch := ""
		if id == "b" || id == "c" {
			batch = "batch-1"
		}
		r := sampleRun(id, batch, base.Add(time.Duration(i)*time.Second))
		if err := s.CreateRun(ctx, r); err != nil {
			t.Fatalf("CreateRun(%s): %v", id, err)
		}
		r.Status = statuses[id]
		if err := s.UpdateRun(ctx, r); err != nil {
			t.Fatalf("UpdateRun(%s): %v", id, err)
		}
	}

	all, err := s.ListRuns(ctx, store.RunQuery{})
	if err != nil || len(all) != 4 || all[0].ID != "d" || all[3].ID != "a" {
		t.Fatalf("ListRuns() = %v, %v; want d, c, b, a", runIDs(all), err)
	}
	if len(all[0].Steps) != 3 {
		t.Fatalf("ListRuns returned %d steps of run d, want 3", len(all[0].Steps))
	}
	open, err := s.ListRuns(ctx, store.RunQuery{
		Statuses: []store.RunStatus{store.StatusRunning, store.StatusFailed}})
	if err != nil || len(open) != 2 || open[0].ID != "c" || open[1].ID != "b" {
		t.Fatalf("ListRuns(running, failed) = %v, %v; want c, b", runIDs(open), err)
	}
	batch, err := s.ListRuns(ctx, store.RunQuery{BatchID: "batch-1", Limit: 1})
	if err != nil || len(batch) != 1 || batch[0].ID != "c" {
		t.Fatalf("ListRuns(batch-1, limit 1) = %v, %v; want c", runIDs(batch), err)
	}
}

func runIDs(rs []store.Run) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}
