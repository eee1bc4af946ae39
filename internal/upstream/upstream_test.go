package upstream

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestDescribeKeepsCodesAndDropsServerMessages(t *testing.T) {
	mio := fmt.Errorf("archive: %w", minio.ErrorResponse{Code: "AccessDenied", StatusCode: 403,
		Message: "secret-bucket-detail"})
	kube := fmt.Errorf("delete profile: %w", apierrors.NewForbidden(
		schema.GroupResource{Group: "kubeflow.org", Resource: "profiles"}, "alice",
		errors.New("token-detail")))
	for _, c := range []struct {
		err        error
		want, leak string
	}{
		{mio, "archive: minio error AccessDenied (status 403)", "secret-bucket-detail"},
		{kube, "delete profile: kubernetes error Forbidden (status 403)", "token-detail"},
	} {
		got := Describe(c.err)
		if got != c.want || strings.Contains(got, c.leak) {
			t.Errorf("Describe(%v) = %q, want %q", c.err, got, c.want)
		}
	}
	if got := Describe(errors.New("dial tcp 127.0.0.1:1: connection refused")); !strings.Contains(got, "dial") {
		t.Errorf("a network error lost its text: %q", got)
	}
}
