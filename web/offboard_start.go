package web

import (
	"context"
	"errors"
	"net/http"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/internal/upstream"
	"github.com/prokube/pkadmin/views"
)

// maxReason bounds the optional reason of a deletion; the archive tags
// keep at most 256 characters.
const maxReason = 200

// startInBackground runs work after the request has been answered. Its
// context keeps the request's values (request ID) but not its deadline,
// so the run outlives the request; the engine bounds each step itself.
func (s *Server) startInBackground(c echo.Context, what, id string,
	work func(context.Context) error) {
	ctx := context.WithoutCancel(c.Request().Context())
	log := logOf(c)
	go func() {
		err := work(ctx)
		var se *offboard.StepError
		switch {
		case err == nil:
		case errors.As(err, &se), errors.Is(err, offboard.ErrRunActive):
			// The run records its own failure; the engine logged the cause.
			log.Info("offboarding stopped", what, id, "reason", err.Error())
		default:
			log.Error("offboarding could not run", what, id, "error", upstream.Describe(err))
		}
	}()
}

// startRun runs (or resumes) one recorded run in the background.
func (s *Server) startRun(c echo.Context, runID string) {
	s.startInBackground(c, "run_id", runID, func(ctx context.Context) error {
		return s.Offboard.Run(ctx, runID)
	})
}

// checkReason refuses a reason that is too long or holds control
// characters; the archive tags replace other unusual characters.
func checkReason(reason string, errs form.Errors) {
	switch {
	case utf8.RuneCountInString(reason) > maxReason:
		errs["reason"] = "Keep the reason under 200 characters."
	case !utf8.ValidString(reason) || containsControl(reason):
		errs["reason"] = "Write the reason on one line, without special characters."
	}
}

func containsControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// previewError turns a failed preview or run creation into a safe page:
// what was asked for is not there, Keycloak refused the portal, or one of
// the services did not answer. Nothing was changed in any case.
// redirectToOpenRun sends the administrator to the run that already
// offboards the target, when err says there is one: a second run would
// only race the first. It says whether it answered.
func redirectToOpenRun(c echo.Context, err error, target string) (bool, error) {
	var open *offboard.OpenRunError
	if !errors.As(err, &open) {
		return false, nil
	}
	noteAudit(c, target, "not started: run "+open.Run.ID+" is not finished")
	return true, c.Redirect(http.StatusSeeOther, string(views.RunURL(open.Run.ID)))
}

func previewError(err error, what string) error {
	switch {
	case errors.Is(err, keycloak.ErrNotFound), errors.Is(err, store.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Title: "Not found",
			Message: "There is no " + what + " of that name. It may have been deleted already.",
			Err:     err}
	case errors.Is(err, keycloak.ErrTokenRefused):
		return upstreamError(err, what)
	default:
		return &Error{Status: http.StatusBadGateway, Title: "A service did not answer",
			Message: "The portal could not read " + what + " from Keycloak, MinIO and the " +
				"cluster. Nothing was changed. Try again in a minute.", Err: err}
	}
}

// offboardingOff answers when the portal runs without the engine.
var offboardingOff = &Error{Status: http.StatusServiceUnavailable, Title: "Offboarding is off",
	Message: "This portal was started without offboarding, so nothing can be deleted here."}
