//go:build integration

package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/store"
)

func TestBulkDeletionIsConfirmedByTheCountAndDeletesEveryUser(t *testing.T) {
	srv := livePortal(t)
	sd := stacktest.NewSeeder(t)
	var users []stacktest.SeededUser
	form := url.Values{}
	for _, p := range []string{"bulka", "bulkb", "bulkc"} {
		u := seedOffboardUser(t, sd, p)
		users = append(users, u)
		form.Add("user", u.ID)
	}
	c, _, page := login(t, "admin")
	form.Set("csrf", csrfFrom(t, c, page))

	resp, body := stacktest.PostForm(t, c, livePortalURL+"/admin/users/bulk/delete-preview", form)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("bulk preview: %d", resp.StatusCode)
	}
	doc := docOf(t, body)
	for _, u := range users {
		row := doc.Find("[data-testid=bulk-preview] tr[data-user='" + u.Username + "']")
		if !strings.Contains(row.Find("[data-field=access-keys]").Text(), u.AccessKey) ||
			!strings.Contains(row.Find("[data-field=buckets]").Text(), u.Buckets[0]) {
			t.Errorf("the preview row of %s = %q, want its key and buckets", u.Username, row.Text())
		}
	}
	if got := doc.Find("[data-testid=bulk-total] th").Text(); got != "3 users" {
		t.Errorf("preview total = %q, want 3 users", got)
	}

	form.Set("confirm", "2")
	resp, _ = stacktest.PostForm(t, c, livePortalURL+"/admin/users/bulk/delete", form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a wrong count: %d, want 422", resp.StatusCode)
	}
	for _, u := range users {
		if !userEnabled(t, sd, u.ID) {
			t.Fatalf("after a wrong count %s was changed", u.Username)
		}
	}

	form.Set("confirm", "3")
	resp, _ = stacktest.PostForm(t, c, livePortalURL+"/admin/users/bulk/delete", form)
	if !strings.HasPrefix(resp.Request.URL.Path, "/admin/batches/") {
		t.Fatalf("bulk deletion ended at %d %s, want the batch page", resp.StatusCode, resp.Request.URL)
	}
	waitForBatch(t, c, resp.Request.URL.String(), len(users))
	for _, u := range users {
		checkUserGone(t, sd, u, "")
	}
	if !hasAudit(t, srv, "users.delete", store.OutcomeSuccess, "admin") {
		t.Error("no audit record of the bulk deletion")
	}
}

// waitForBatch reloads the batch page until every user's run is done.
func waitForBatch(t *testing.T, c *http.Client, batchURL string, want int) {
	t.Helper()
	deadline := time.Now().Add(runWait)
	for {
		_, body := stacktest.Get(t, c, batchURL)
		rows := docOf(t, body).Find("[data-testid=batch-runs] tr[data-run]")
		done := 0
		rows.Each(func(_ int, s *goquery.Selection) {
			switch s.AttrOr("data-status", "") {
			case "done":
				done++
			case "failed":
				t.Fatalf("the run of %s failed at %s", s.AttrOr("data-target", ""),
					s.Find("[data-field=step]").Text())
			}
		})
		if rows.Length() != want {
			t.Fatalf("the batch page shows %d runs, want %d", rows.Length(), want)
		}
		if done == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d runs done after %s", done, want, runWait)
		}
		time.Sleep(time.Second)
	}
}

// A run cut off by a restart is found at start-up, listed on the
// dashboard, and finished by its Retry.
func TestInterruptedRunIsOfferedOnTheDashboardAndRetryFinishesIt(t *testing.T) {
	srv := livePortal(t)
	sd := stacktest.NewSeeder(t)
	u := seedOffboardUser(t, sd, "intr")
	e := srv.Offboard.(*offboard.Engine)
	ctx := context.Background()

	r, err := e.CreateUserRun(ctx, u.ID, "admin", "")
	if err != nil {
		t.Fatal(err)
	}
	// What a restart during the first step leaves in the store.
	r.Status, r.Started = store.StatusRunning, time.Now()
	r.Steps[0].Status, r.Steps[0].Started = store.StatusRunning, time.Now()
	if err := e.Store.UpdateRun(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := e.RecoverInterrupted(ctx); err != nil {
		t.Fatal(err)
	}

	c, _, _ := login(t, "admin")
	_, body := stacktest.Get(t, c, livePortalURL+"/admin")
	item := docOf(t, body).Find("[data-testid=incomplete-runs] li[data-run='" + r.ID + "']")
	if item.AttrOr("data-status", "") != "failed" || item.Find("[data-testid=retry]").Length() != 1 {
		t.Fatalf("the dashboard shows the interrupted run as %q, want failed with a Retry",
			item.Text())
	}
	// Deleting the user again leads to the unfinished run, not a second one.
	again, _ := stacktest.PostForm(t, c, livePortalURL+"/admin/users/"+u.ID+"/delete",
		url.Values{"csrf": {stacktest.FormValue(t, body, "csrf")}, "confirm": {u.Username}})
	if again.Request.URL.Path != "/admin/runs/"+r.ID {
		t.Fatalf("deleting the user again ended at %s, want the unfinished run %s",
			again.Request.URL, r.ID)
	}
	if runs, _ := e.Incomplete(ctx); len(runsOf(runs, u.Username)) != 1 {
		t.Fatalf("%d unfinished runs for %s, want the one", len(runsOf(runs, u.Username)), u.Username)
	}

	resp, _ := stacktest.PostForm(t, c, livePortalURL+"/admin/runs/"+r.ID+"/retry",
		url.Values{"csrf": {stacktest.FormValue(t, body, "csrf")}})
	if resp.Request.URL.Path != "/admin/runs/"+r.ID {
		t.Fatalf("retry ended at %d %s, want the run's page", resp.StatusCode, resp.Request.URL)
	}
	everyStepDone(t, waitForRun(t, c, livePortalURL+"/admin/runs/"+r.ID))
	checkUserGone(t, sd, u, "")
	if !hasAudit(t, srv, "run.retry", store.OutcomeSuccess, "admin") {
		t.Error("no audit record of the retry")
	}
}

func runsOf(runs []store.Run, target string) []store.Run {
	var out []store.Run
	for _, r := range runs {
		if r.Target == target {
			out = append(out, r)
		}
	}
	return out
}
