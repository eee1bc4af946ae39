package storage

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/minio/minio-go/v7/pkg/tags"
)

func TestArchiveTagsRoundTripAndStayWithinS3Limits(t *testing.T) {
	at := time.Date(2026, 12, 3, 14, 5, 0, 0, time.FixedZone("CET", 3600))
	l := ArchiveLabel{At: at, By: "admin", Owner: "bob", Kind: "user",
		Reason: "Left the company (ticket #42); data kept — see HR" + strings.Repeat("x", 400)}
	m := ArchiveTags(l)
	if _, err := tags.NewTags(m, false); err != nil {
		t.Fatalf("S3 refuses the archive tags %v: %v", m, err)
	}
	if m[TagArchivedAt] != "2026-12-03T13:05:00Z" {
		t.Errorf("archived-at = %q, want RFC 3339 in UTC", m[TagArchivedAt])
	}
	if n := utf8.RuneCountInString(m[TagReason]); n != 256 {
		t.Errorf("reason has %d characters, want it cut to 256", n)
	}
	got, ok := LabelFromTags(m)
	if !ok || !got.At.Equal(at) || got.By != "admin" || got.Owner != "bob" || got.Kind != "user" ||
		!strings.HasPrefix(got.Reason, "Left the company _ticket _42_") {
		t.Fatalf("LabelFromTags = %+v, %v; want the label back", got, ok)
	}
}

func TestBucketWithoutTheArchivedTagIsNotArchived(t *testing.T) {
	if _, ok := LabelFromTags(map[string]string{TagArchived: "false", "team": "x"}); ok {
		t.Fatal("a bucket tagged archived=false counts as archived")
	}
}
