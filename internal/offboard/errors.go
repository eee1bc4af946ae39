package offboard

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/minio/madmin-go/v3"
	"github.com/minio/minio-go/v7"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/internal/store"
)

// Errors of the engine.
var (
	// ErrRunActive means the run is already being worked on.
	ErrRunActive = errors.New("offboard: the run is already going")
	// ErrSelf means an administrator asked to offboard their own account.
	ErrSelf = errors.New("offboard: administrators cannot offboard themselves")
)

// OpenRunError means the user or workspace already has a run that has
// not finished (pending, running or failed); that run, not a new one, is
// the way to finish the offboarding.
type OpenRunError struct {
	Run store.Run
}

func (e *OpenRunError) Error() string {
	return fmt.Sprintf("offboard: %s %s already has an unfinished run (%s)",
		e.Run.Kind, e.Run.Target, e.Run.ID)
}

// Services a step talks to, as a person reads them.
const (
	svcKeycloak = "Keycloak"
	svcMinIO    = "MinIO"
	svcCluster  = "The Kubernetes API"
)

// StepError is a failed step: Message is safe to show to a person, Err is
// the cause, for the log only.
type StepError struct {
	Step    string
	Message string
	Err     error
}

func (e *StepError) Error() string { return e.Step + ": " + e.Message }

func (e *StepError) Unwrap() error { return e.Err }

// safeMessage says what went wrong in a step without any upstream body,
// token or secret: which service, and whether it did not answer, refused
// the portal, or failed otherwise.
func safeMessage(service string, err error) string {
	switch {
	case errors.Is(err, cluster.ErrNamespaceRemains):
		return "The namespace is still being deleted; resume the run to keep waiting."
	case errors.Is(err, storage.ErrLabelNotKept):
		return "MinIO did not keep a bucket's archive label (it may have just restarted); " +
			"retry the run."
	case unreachable(err):
		return service + " did not answer."
	case refused(err):
		return service + " refused the portal's request; check the portal's permissions there."
	default:
		return service + " could not complete this step."
	}
}

func unreachable(err error) bool {
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, keycloak.ErrUnavailable),
		errors.As(err, &netErr):
		return true
	case apierrors.IsServerTimeout(err), apierrors.IsTimeout(err),
		apierrors.IsServiceUnavailable(err), apierrors.IsTooManyRequests(err):
		return true
	}
	return false
}

func refused(err error) bool {
	if errors.Is(err, keycloak.ErrTokenRefused) || apierrors.IsForbidden(err) ||
		apierrors.IsUnauthorized(err) {
		return true
	}
	code := minio.ToErrorResponse(unwrapAll(err)).Code
	if code == "" {
		code = madmin.ToErrorResponse(unwrapAll(err)).Code
	}
	switch code {
	case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
		"XMinioAdminInvalidAccessKey", "XMinioAccessDenied":
		return true
	}
	return false
}

// unwrapAll finds the innermost error; MinIO's clients return error
// values that the To*ErrorResponse helpers only recognise unwrapped.
func unwrapAll(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

func stepFailed(step, service string, err error) *StepError {
	return &StepError{Step: step, Message: safeMessage(service, err),
		Err: fmt.Errorf("%s: %w", step, err)}
}
