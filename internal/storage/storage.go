// Package storage is the portal's view of MinIO: buckets and objects
// through the S3 API, users, policies and access keys through the admin
// API.
package storage

import (
	"context"
	"fmt"

	"github.com/minio/madmin-go/v3"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Storage holds clients for MinIO's S3 and admin APIs.
type Storage struct {
	S3    *minio.Client
	Admin *madmin.AdminClient
}

// New returns clients for the MinIO server at endpoint (host:port).
func New(endpoint, accessKey, secretKey string, useTLS bool) (*Storage, error) {
	s3, err := minio.New(endpoint, &minio.Options{
		Creds: credentials.NewStaticV4(accessKey, secretKey, ""), Secure: useTLS,
	})
	if err != nil {
		return nil, fmt.Errorf("minio client: %w", err)
	}
	admin, err := madmin.NewWithOptions(endpoint, &madmin.Options{
		Creds: credentials.NewStaticV4(accessKey, secretKey, ""), Secure: useTLS,
	})
	if err != nil {
		return nil, fmt.Errorf("minio admin client: %w", err)
	}
	return &Storage{S3: s3, Admin: admin}, nil
}

// Ping checks that MinIO answers with the portal's credential, through
// the admin API the cleanup steps need. It lists the policies rather than
// the account's details: those include every bucket's tags, which this
// client cannot decode once a bucket is archived (tagged).
func (s *Storage) Ping(ctx context.Context) error {
	if _, err := s.Admin.ListCannedPolicies(ctx); err != nil {
		return fmt.Errorf("minio policies: %w", err)
	}
	return nil
}
