package views

import (
	"net/url"
	"strings"
	"testing"

	"github.com/prokube/pkadmin/internal/storage"
)

func TestPurgePreviewShowsCountsWarningAndConfirmation(t *testing.T) {
	b := storage.ArchivedBucket{Name: "bob-data",
		ArchiveLabel: storage.ArchiveLabel{Owner: "bob", Kind: "user", By: "admin"},
		ObjectTally:  storage.ObjectTally{Objects: 2, Versions: 3, DeleteMarkers: 1, Size: 2048}}
	doc := renderDoc(t, PurgeBucket(PurgePage{Bucket: b, Confirm: "bob", Error: "wrong"}))

	for field, want := range map[string]string{"objects": "2", "versions": "3",
		"delete-markers": "1", "size": "2.0 KiB"} {
		if got := doc.Find("[data-testid=purge-tally] [data-field=" + field + "]").Text(); got != want {
			t.Errorf("%s shown as %q, want %q", field, got, want)
		}
	}
	if !strings.Contains(doc.Find("[data-testid=purge-warning]").Text(), "destroyed for good") {
		t.Error("the preview does not say plainly that the data is destroyed")
	}
	if v, _ := doc.Find("form input[name=confirm]").Attr("value"); v != "bob" {
		t.Errorf("typed confirmation kept as %q, want bob", v)
	}
	if doc.Find("[data-error-for=confirm]").Text() != "wrong" {
		t.Error("the confirmation's message is not next to its field")
	}
}

func TestPurgeOfUnarchivedBucketOffersNoForm(t *testing.T) {
	doc := renderDoc(t, PurgeBucket(PurgePage{Bucket: storage.ArchivedBucket{Name: "live"},
		Refusal: "not archived"}))
	if doc.Find("[data-testid=refusal]").Length() != 1 || doc.Find("form").Length() != 0 {
		t.Error("a refused purge should say why and show no form")
	}
}

func TestArchiveSortLinksKeepFilterAndFlipTheCurrentColumn(t *testing.T) {
	l := ArchiveList{Sort: "size", Desc: true, Kind: "user", Search: "bob"}
	u, _ := url.Parse(string(l.SortURL("size")))
	if q := u.Query(); q.Get("dir") != "asc" || q.Get("kind") != "user" || q.Get("q") != "bob" {
		t.Errorf("link of the current column = %s, want it ascending with the filter kept", u)
	}
	u, _ = url.Parse(string(l.SortURL("archived")))
	if q := u.Query(); q.Get("sort") != "archived" || q.Get("dir") != "desc" {
		t.Errorf("link of another column = %s, want it in its own direction (newest first)", u)
	}
}

func TestFormatBytesUsesBinaryUnits(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB",
		5 << 30: "5.0 GiB"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
