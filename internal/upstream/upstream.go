// Package upstream describes errors of the services the portal calls
// (MinIO, Kubernetes) for the log. Their servers' messages may repeat
// parts of the request, so a description keeps only what identifies the
// failure: the error code and the HTTP status.
package upstream

import (
	"errors"
	"fmt"
	"strings"

	"github.com/minio/madmin-go/v3"
	"github.com/minio/minio-go/v7"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// Describe returns err's text for the log, with the message of a MinIO
// or Kubernetes error response replaced by its code and status. Other
// errors (the portal's own, and network errors) are returned as they are.
func Describe(err error) string {
	if err == nil {
		return ""
	}
	inner := err
	for next := errors.Unwrap(inner); next != nil; next = errors.Unwrap(inner) {
		inner = next
	}
	var status apierrors.APIStatus
	desc := ""
	switch {
	case minio.ToErrorResponse(inner).Code != "":
		r := minio.ToErrorResponse(inner)
		desc = fmt.Sprintf("minio error %s (status %d)", r.Code, r.StatusCode)
	case madmin.ToErrorResponse(inner).Code != "":
		desc = "minio admin error " + madmin.ToErrorResponse(inner).Code
	case errors.As(inner, &status):
		s := status.Status()
		desc = fmt.Sprintf("kubernetes error %s (status %d)", s.Reason, s.Code)
	default:
		return err.Error()
	}
	// The wrapping context ("delete profile alice: ") is the portal's own.
	return strings.TrimSuffix(err.Error(), inner.Error()) + desc
}
