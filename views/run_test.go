package views

import (
	"strings"
	"testing"
	"time"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/store"
)

func failedRun() RunPage {
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	r := store.Run{ID: "r1", Kind: "user", Target: "dave", Actor: "admin",
		Status: store.StatusFailed, Created: at}
	for _, name := range offboard.StepNames(offboard.KindUser) {
		r.Steps = append(r.Steps, store.Step{Name: name, Status: store.StatusPending})
	}
	r.Steps[0] = store.Step{Name: r.Steps[0].Name, Status: store.StatusDone, Started: at, Finished: at}
	r.Steps[1] = store.Step{Name: r.Steps[1].Name, Status: store.StatusFailed, Started: at,
		Finished: at, Error: "MinIO did not answer."}
	return RunPage{Run: r, Plan: offboard.Plan{Profile: "dave"}, ClusterKnown: true,
		Cluster: cluster.State{Profile: true, Namespace: true}, CSRF: "tok"}
}

func TestFailedRunShowsTheStepThatFailedWhyAndARetry(t *testing.T) {
	doc := renderDoc(t, Run(failedRun()))

	failed := doc.Find("tr[data-status=failed]")
	if failed.Length() != 1 || failed.AttrOr("data-step", "") != offboard.StepAccessKeys {
		t.Fatalf("failed steps = %d (%q), want only %s", failed.Length(),
			failed.AttrOr("data-step", ""), offboard.StepAccessKeys)
	}
	if got := failed.Find("[data-field=error]").Text(); got != "MinIO did not answer." {
		t.Errorf("failed step's message = %q", got)
	}
	if !strings.Contains(doc.Find("[data-testid=failure]").Text(), "MinIO did not answer.") {
		t.Errorf("the failure summary does not say why: %q", doc.Find("[data-testid=failure]").Text())
	}
	form := doc.Find("form[action='/admin/runs/r1/retry']")
	if form.Length() != 1 || form.Find("input[name=csrf]").AttrOr("value", "") != "tok" {
		t.Error("a failed run has no retry form with the form token")
	}
	if live := doc.Find("#run-progress").AttrOr("data-live", ""); live != "false" {
		t.Errorf("a failed run's progress is live=%q, want false: nothing changes by itself", live)
	}
	if doc.Find("noscript").Length() != 1 {
		t.Error("no hint for readers without JavaScript")
	}
}

func TestRunningRunIsLiveAndOffersNoRetry(t *testing.T) {
	p := failedRun()
	p.Run.Status = store.StatusRunning
	p.Run.Steps[1].Status, p.Run.Steps[1].Error = store.StatusRunning, ""
	doc := renderDoc(t, RunProgress(p))

	prog := doc.Find("#run-progress")
	if prog.AttrOr("data-live", "") != "true" ||
		prog.AttrOr("data-live-url", "") != "/admin/runs/r1?fragment=steps" {
		t.Errorf("progress attributes = live %q url %q", prog.AttrOr("data-live", ""),
			prog.AttrOr("data-live-url", ""))
	}
	if doc.Find("[data-testid=retry]").Length() != 0 {
		t.Error("a running run offers a retry")
	}
	if got := doc.Find("[data-testid=namespace]").Text(); !strings.Contains(got, "present") {
		t.Errorf("namespace state = %q, want it present", got)
	}
}

func TestCurrentStepIsTheOneRunningOrFailedElseTheNextToDo(t *testing.T) {
	p := failedRun()
	if got := CurrentStep(p.Run).Name; got != offboard.StepAccessKeys {
		t.Errorf("current step of the failed run = %s", got)
	}
	p.Run.Steps[1].Status = store.StatusDone
	if got := CurrentStep(p.Run).Name; got != offboard.StepPolicies {
		t.Errorf("current step after the failed one is done = %s, want the next", got)
	}
	for i := range p.Run.Steps {
		p.Run.Steps[i].Status = store.StatusDone
	}
	if got := CurrentStep(p.Run).Name; got != offboard.StepDeleteUser {
		t.Errorf("current step of a done run = %s, want the last", got)
	}
}

func TestEveryStepHasALabelInWords(t *testing.T) {
	for _, k := range []offboard.Kind{offboard.KindUser, offboard.KindWorkspace} {
		for _, name := range offboard.StepNames(k) {
			if StepLabel(name) == name {
				t.Errorf("step %s has no label", name)
			}
		}
	}
}
