package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/minio/minio-go/v7"
)

// ErrNotArchived means a purge was asked for a bucket that is not tagged
// archived; only archived buckets may be purged.
var ErrNotArchived = errors.New("storage: the bucket is not archived")

// ErrNoSuchBucket means the bucket does not exist.
var ErrNoSuchBucket = errors.New("storage: no such bucket")

// archivedOnly checks that the bucket exists and is tagged archived.
func (s *Storage) archivedOnly(ctx context.Context, bucket string) error {
	exists, err := s.S3.BucketExists(ctx, bucket)
	if err != nil {
		return fmt.Errorf("find bucket %s: %w", bucket, err)
	}
	if !exists {
		return fmt.Errorf("%s: %w", bucket, ErrNoSuchBucket)
	}
	t, err := s.BucketTags(ctx, bucket)
	if err != nil {
		return err
	}
	if _, ok := LabelFromTags(t); !ok {
		return fmt.Errorf("%s: %w", bucket, ErrNotArchived)
	}
	return nil
}

// PurgePreview is what purging the archived bucket would destroy.
func (s *Storage) PurgePreview(ctx context.Context, bucket string) (ObjectTally, error) {
	if err := s.archivedOnly(ctx, bucket); err != nil {
		return ObjectTally{}, err
	}
	return s.Tally(ctx, bucket)
}

// PurgeBucket destroys an archived bucket: every object version and
// delete marker, then the bucket itself. It refuses a bucket that is not
// tagged archived (ErrNotArchived). This is the only call of the portal
// that destroys stored data.
func (s *Storage) PurgeBucket(ctx context.Context, bucket string) error {
	if err := s.archivedOnly(ctx, bucket); err != nil {
		return err
	}
	versions := make(chan minio.ObjectInfo)
	listErr := make(chan error, 1)
	go func() {
		defer close(versions)
		for o := range s.S3.ListObjects(ctx, bucket, minio.ListObjectsOptions{
			WithVersions: true, Recursive: true}) {
			if o.Err != nil {
				listErr <- o.Err
				return
			}
			select {
			case versions <- o:
			case <-ctx.Done():
				return
			}
		}
	}()
	var firstErr error
	for e := range s.S3.RemoveObjects(ctx, bucket, versions,
		minio.RemoveObjectsOptions{GovernanceBypass: true}) {
		if firstErr == nil {
			firstErr = fmt.Errorf("remove %s from %s: %w", e.ObjectName, bucket, e.Err)
		}
	}
	select {
	case err := <-listErr:
		return fmt.Errorf("list versions in %s: %w", bucket, err)
	default:
	}
	if firstErr != nil {
		return firstErr
	}
	if err := s.S3.RemoveBucket(ctx, bucket); err != nil {
		return fmt.Errorf("remove bucket %s: %w", bucket, err)
	}
	return nil
}
