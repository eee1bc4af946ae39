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
	"github.com/minio/minio-go/v7"

	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/internal/store"
)

// archiveSeed seeds a user of its own whose first bucket is archived and
// whose second is left as it is; both are removed after the test.
func archiveSeed(t *testing.T) (seeder *stacktest.Seeder, u stacktest.SeededUser) {
	t.Helper()
	seeder = stacktest.NewSeeder(t)
	ctx := context.Background()
	u, err := seeder.User(ctx, stacktest.Unique("arch"), "")
	seeder.CleanupUser(t, u)
	if err != nil {
		t.Fatalf("seed user: %v", err)
	}
	label := storage.ArchiveLabel{At: time.Now(), By: "archive-it", Owner: u.Username,
		Kind: "user", Reason: "integration test"}
	if _, err := seeder.Root.ArchiveBucket(ctx, u.Buckets[0], label); err != nil {
		t.Fatalf("archive %s: %v", u.Buckets[0], err)
	}
	return seeder, u
}

// tallyOf counts a bucket's versions with the MinIO root credential.
func tallyOf(t *testing.T, seeder *stacktest.Seeder, bucket string) storage.ObjectTally {
	t.Helper()
	tally, err := seeder.Root.Tally(context.Background(), bucket)
	if err != nil {
		t.Fatalf("count the versions of %s: %v", bucket, err)
	}
	return tally
}

func parseDoc(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestArchiveListsArchivedBucketWithOwnerKindAndCounts(t *testing.T) {
	livePortal(t)
	_, u := archiveSeed(t)
	c, _, _ := login(t, "admin")

	resp, body := stacktest.Get(t, c, livePortalURL+"/admin/archive?q="+url.QueryEscape(u.Username))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("archive page: %d, want 200", resp.StatusCode)
	}
	row := parseDoc(t, body).Find(`tr[data-bucket="` + u.Buckets[0] + `"]`)
	if row.Length() != 1 {
		t.Fatalf("the archived bucket %s is not listed", u.Buckets[0])
	}
	checks := map[string][2]string{
		"owner":    {row.AttrOr("data-owner", ""), u.Username},
		"kind":     {row.AttrOr("data-kind", ""), "user"},
		"objects":  {row.Find("[data-objects]").AttrOr("data-objects", ""), "2"},
		"versions": {row.Find("[data-versions]").AttrOr("data-versions", ""), "3"},
		"bytes":    {row.Find("[data-bytes]").AttrOr("data-bytes", ""), "19"},
		"by":       {row.Find("[data-field=by]").Text(), "archive-it"},
		"reason":   {row.Find("[data-field=reason]").Text(), "integration test"},
	}
	for what, c := range checks {
		if c[0] != c[1] {
			t.Errorf("listed %s = %q, want %q", what, c[0], c[1])
		}
	}
	if strings.Contains(body, `data-bucket="`+u.Buckets[1]+`"`) {
		t.Errorf("the bucket %s is listed, but it is not archived", u.Buckets[1])
	}

	_, body = stacktest.Get(t, c, livePortalURL+"/admin/archive?kind=workspace&q="+u.Username)
	if strings.Contains(body, `data-bucket="`+u.Buckets[0]+`"`) {
		t.Error("a user's bucket is listed under workspaces")
	}
}

func TestPurgeNeedsTheTypedNameAndDestroysEveryVersion(t *testing.T) {
	srv := livePortal(t)
	seeder, u := archiveSeed(t)
	bucket := u.Buckets[0]
	c, _, _ := login(t, "admin")
	purgeURL := livePortalURL + "/admin/archive/" + bucket + "/purge"

	resp, body := stacktest.Get(t, c, purgeURL)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("purge preview: %d, want 200", resp.StatusCode)
	}
	doc := parseDoc(t, body)
	tally := doc.Find("[data-testid=purge-tally]")
	for field, want := range map[string]string{"objects": "2", "versions": "3",
		"delete-markers": "0"} {
		if got := tally.Find("[data-field=" + field + "]").Text(); got != want {
			t.Errorf("preview %s = %q, want %q", field, got, want)
		}
	}
	csrf := stacktest.FormValue(t, body, "csrf")

	resp, body = stacktest.PostForm(t, c, purgeURL,
		url.Values{"csrf": {csrf}, "confirm": {"wrong"}})
	if resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `data-error-for="confirm"`) {
		t.Fatalf("purge with a wrong confirmation: %d, want 422 with the message at the field",
			resp.StatusCode)
	}
	if got := tallyOf(t, seeder, bucket); got.Versions != 3 {
		t.Fatalf("after a wrong confirmation the bucket holds %d versions, want 3", got.Versions)
	}

	resp, body = stacktest.PostForm(t, c, purgeURL, url.Values{"csrf": {csrf}, "confirm": {bucket}})
	if resp.Request.URL.Path != "/admin/archive" ||
		!strings.Contains(body, `data-testid="notice"`) {
		t.Fatalf("purge ended at %s (%d), want the archive with a notice",
			resp.Request.URL, resp.StatusCode)
	}
	ctx := context.Background()
	if exists, err := seeder.Root.S3.BucketExists(ctx, bucket); err != nil || exists {
		t.Errorf("after the purge BucketExists(%s) = %v, %v; want false", bucket, exists, err)
	}
	for o := range seeder.Root.S3.ListObjects(ctx, bucket, minio.ListObjectsOptions{
		WithVersions: true, Recursive: true}) {
		if o.Err == nil {
			t.Errorf("version %s of %s survived the purge", o.VersionID, o.Key)
		}
	}

	page, err := srv.Store.FindAudit(ctx, store.AuditQuery{Action: "archive.purge",
		Target: "bucket/" + bucket, Outcome: store.OutcomeSuccess, Limit: 10})
	if err != nil || len(page.Records) != 1 {
		t.Fatalf("audit records of the purge = %+v, %v; want one", page.Records, err)
	}
	r := page.Records[0]
	if r.ActorUsername != "admin" || !strings.Contains(r.Detail, "3 versions") {
		t.Errorf("audit record of the purge = %+v, want actor admin and the counts", r)
	}
}

func TestUnarchivedOrUnknownBucketCannotBePurged(t *testing.T) {
	srv := livePortal(t)
	seeder, u := archiveSeed(t)
	live := u.Buckets[1]
	c, _, home := login(t, "admin")
	csrf := csrfFrom(t, c, home)

	resp, body := stacktest.Get(t, c, livePortalURL+"/admin/archive/"+live+"/purge")
	if resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `data-testid="refusal"`) {
		t.Errorf("purge preview of an unarchived bucket: %d, want 422 with the reason",
			resp.StatusCode)
	}
	if strings.Contains(body, `name="confirm"`) {
		t.Error("the preview of an unarchived bucket offers the purge form")
	}
	resp, _ = stacktest.PostForm(t, c, livePortalURL+"/admin/archive/"+live+"/purge",
		url.Values{"csrf": {csrf}, "confirm": {live}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("purge of an unarchived bucket: %d, want 422", resp.StatusCode)
	}
	if got := tallyOf(t, seeder, live); got.Objects != 2 || got.Versions != 3 {
		t.Errorf("the unarchived bucket holds %d objects and %d versions, want 2 and 3",
			got.Objects, got.Versions)
	}

	for _, name := range []string{stacktest.Unique("missing"), "Not_A_Bucket"} {
		resp, _ := stacktest.PostForm(t, c, livePortalURL+"/admin/archive/"+name+"/purge",
			url.Values{"csrf": {csrf}, "confirm": {name}})
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("purge of the unknown bucket %s: %d, want 404", name, resp.StatusCode)
		}
	}
	page, err := srv.Store.FindAudit(context.Background(), store.AuditQuery{
		Action: "archive.purge", Target: "bucket/" + live, Limit: 10})
	if err != nil || len(page.Records) != 1 || page.Records[0].Outcome != store.OutcomeFailure ||
		page.Records[0].Detail != "refused: not archived" {
		t.Errorf("audit of the refused purge = %+v, %v; want one failure, not archived",
			page.Records, err)
	}
}
