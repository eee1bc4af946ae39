package storage

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/tags"
	"golang.org/x/sync/errgroup"
)

// Bucket tags that mark an archived bucket. The archive is listed from
// these tags alone, so it survives the portal's own store.
const (
	TagArchived    = "pkadmin.archived"
	TagArchivedAt  = "pkadmin.archived-at"
	TagArchivedBy  = "pkadmin.archived-by"
	TagFormerOwner = "pkadmin.former-owner"
	TagOwnerKind   = "pkadmin.owner-kind"
	TagReason      = "pkadmin.reason"
)

// maxTagValue is S3's limit on a tag value, in characters.
const maxTagValue = 256

// tagUnsafe matches what S3 does not allow in a tag value.
var tagUnsafe = regexp.MustCompile(`[^a-zA-Z0-9+\-._:/@ =]`)

// ArchiveLabel says who archived a bucket, when, whose it was and why.
type ArchiveLabel struct {
	At     time.Time
	By     string
	Owner  string
	Kind   string // "user" or "workspace"
	Reason string
}

// ArchiveTags are the bucket tags of the label, each value cut to S3's
// length limit with characters S3 refuses replaced by "_".
func ArchiveTags(l ArchiveLabel) map[string]string {
	return map[string]string{
		TagArchived:    "true",
		TagArchivedAt:  l.At.UTC().Format(time.RFC3339),
		TagArchivedBy:  tagValue(l.By),
		TagFormerOwner: tagValue(l.Owner),
		TagOwnerKind:   tagValue(l.Kind),
		TagReason:      tagValue(l.Reason),
	}
}

func tagValue(s string) string {
	s = tagUnsafe.ReplaceAllString(strings.ToValidUTF8(s, "_"), "_")
	for utf8.RuneCountInString(s) > maxTagValue {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// LabelFromTags reads an archive label from bucket tags, and says
// whether the bucket is archived at all.
func LabelFromTags(t map[string]string) (ArchiveLabel, bool) {
	if t[TagArchived] != "true" {
		return ArchiveLabel{}, false
	}
	at, _ := time.Parse(time.RFC3339, t[TagArchivedAt])
	return ArchiveLabel{At: at, By: t[TagArchivedBy], Owner: t[TagFormerOwner],
		Kind: t[TagOwnerKind], Reason: t[TagReason]}, true
}

// ObjectTally is what a bucket holds, every version counted.
type ObjectTally struct {
	// Objects are the current (latest, not deleted) objects.
	Objects int
	// Versions counts every stored version, current or not.
	Versions      int
	DeleteMarkers int
	// Size is the bytes of every version.
	Size int64
}

// Tally counts a bucket's objects, versions and delete markers.
func (s *Storage) Tally(ctx context.Context, bucket string) (ObjectTally, error) {
	var t ObjectTally
	for o := range s.S3.ListObjects(ctx, bucket, minio.ListObjectsOptions{
		WithVersions: true, Recursive: true}) {
		if o.Err != nil {
			return ObjectTally{}, fmt.Errorf("list versions in %s: %w", bucket, o.Err)
		}
		switch {
		case o.IsDeleteMarker:
			t.DeleteMarkers++
		default:
			t.Versions++
			t.Size += o.Size
			if o.IsLatest {
				t.Objects++
			}
		}
	}
	return t, nil
}

// BucketTags reads a bucket's tags; a bucket without tags has none.
func (s *Storage) BucketTags(ctx context.Context, bucket string) (map[string]string, error) {
	t, err := s.S3.GetBucketTagging(ctx, bucket)
	if minio.ToErrorResponse(err).Code == "NoSuchTagSet" {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tags of %s: %w", bucket, err)
	}
	return t.ToMap(), nil
}

// ArchiveBucket keeps the bucket with every object and version, removes
// its bucket policy (anonymous access) and tags it with the label. A
// bucket that does not exist is skipped; one already archived keeps its
// first label, so repeating it changes nothing. It says whether the
// bucket existed.
func (s *Storage) ArchiveBucket(ctx context.Context, bucket string, l ArchiveLabel) (bool, error) {
	exists, err := s.S3.BucketExists(ctx, bucket)
	if err != nil {
		return false, fmt.Errorf("find bucket %s: %w", bucket, err)
	}
	if !exists {
		return false, nil
	}
	err = s.S3.SetBucketPolicy(ctx, bucket, "")
	if err != nil && minio.ToErrorResponse(err).Code != "NoSuchBucketPolicy" {
		return true, fmt.Errorf("remove the policy of %s: %w", bucket, err)
	}

	current, err := s.BucketTags(ctx, bucket)
	if err != nil {
		return true, err
	}
	if _, archived := LabelFromTags(current); archived {
		return true, nil
	}
	for k, v := range ArchiveTags(l) {
		current[k] = v
	}
	t, err := tags.NewTags(current, false)
	if err != nil {
		return true, fmt.Errorf("tags of %s: %w", bucket, err)
	}
	if err := s.S3.SetBucketTagging(ctx, bucket, t); err != nil {
		return true, fmt.Errorf("tag %s as archived: %w", bucket, err)
	}

	// The label is what lists the bucket in the archive; a MinIO that is
	// still loading its bucket metadata after a restart can drop it, so it
	// is read back, and a retry of the step tags the bucket again.
	current, err = s.BucketTags(ctx, bucket)
	if err != nil {
		return true, err
	}
	if _, archived := LabelFromTags(current); !archived {
		return true, fmt.Errorf("tag %s as archived: %w", bucket, ErrLabelNotKept)
	}
	return true, nil
}

// ErrLabelNotKept means MinIO accepted a bucket's archive tags but did not
// return them when read back.
var ErrLabelNotKept = errors.New("the archive label was not kept")

// ArchivedBucket is one bucket of the archive.
type ArchivedBucket struct {
	Name string
	ArchiveLabel
	ObjectTally
}

// archiveCalls bounds the buckets read at once when listing the archive.
const archiveCalls = 8

// ArchivedBuckets lists every bucket tagged archived, with what it holds,
// sorted by name. It reads every bucket's tags: MinIO cannot search by tag.
func (s *Storage) ArchivedBuckets(ctx context.Context) ([]ArchivedBucket, error) {
	all, err := s.S3.ListBuckets(ctx)
	if err != nil {
		return nil, fmt.Errorf("list buckets: %w", err)
	}
	found := make([]*ArchivedBucket, len(all))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(archiveCalls)
	for i, b := range all {
		g.Go(func() error {
			t, err := s.BucketTags(gctx, b.Name)
			if err != nil {
				return err
			}
			l, ok := LabelFromTags(t)
			if !ok {
				return nil
			}
			tally, err := s.Tally(gctx, b.Name)
			if err != nil {
				return err
			}
			found[i] = &ArchivedBucket{Name: b.Name, ArchiveLabel: l, ObjectTally: tally}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var out []ArchivedBucket
	for _, b := range found {
		if b != nil {
			out = append(out, *b)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// BucketTally says whether the bucket exists and, if it does, what it
// holds.
func (s *Storage) BucketTally(ctx context.Context, bucket string) (bool, ObjectTally, error) {
	exists, err := s.S3.BucketExists(ctx, bucket)
	if err != nil {
		return false, ObjectTally{}, fmt.Errorf("find bucket %s: %w", bucket, err)
	}
	if !exists {
		return false, ObjectTally{}, nil
	}
	t, err := s.Tally(ctx, bucket)
	return true, t, err
}
