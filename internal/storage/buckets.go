package storage

import (
	"context"
	"fmt"
)

// BucketSet is the names of the buckets that exist.
type BucketSet map[string]struct{}

// Has says whether the bucket exists.
func (b BucketSet) Has(name string) bool {
	_, ok := b[name]
	return ok
}

// Buckets lists every bucket in one call, for pages that show the state
// of many users' or workspaces' buckets.
func (s *Storage) Buckets(ctx context.Context) (BucketSet, error) {
	infos, err := s.S3.ListBuckets(ctx)
	if err != nil {
		return nil, fmt.Errorf("list buckets: %w", err)
	}
	out := make(BucketSet, len(infos))
	for _, b := range infos {
		out[b.Name] = struct{}{}
	}
	return out, nil
}
