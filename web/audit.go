package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/auth"
	"github.com/prokube/pkadmin/internal/store"
)

const (
	keyAuditTarget = "audit_target"
	keyAuditDetail = "audit_detail"
)

// noteAudit lets a handler name what it acted on and add a safe detail
// (never a secret) to the audit record of its request.
func noteAudit(c echo.Context, target, detail string) {
	c.Set(keyAuditTarget, target)
	c.Set(keyAuditDetail, detail)
}

func auditDetailOf(c echo.Context) string {
	d, _ := c.Get(keyAuditDetail).(string)
	return d
}

// audit appends one record for a state-changing request or a security
// event. A failure to write it is logged; the request's answer stands.
func (s *Server) audit(c echo.Context, rt route, se *auth.Session, outcome store.Outcome, detail string) {
	r := store.AuditRecord{Action: rt.name, Target: c.Request().URL.Path, Outcome: outcome,
		RequestID: requestIDOf(c), Detail: detail}
	if t, ok := c.Get(keyAuditTarget).(string); ok && t != "" {
		r.Target = t
	}
	if se.SignedIn() {
		r.ActorUsername, r.ActorSubject = se.Username, se.Subject
	}
	// The record is written even when the request's own context has ended.
	ctx := context.WithoutCancel(c.Request().Context())
	if err := s.Store.AppendAudit(ctx, r); err != nil {
		logOf(c).Error("write audit record", "action", rt.name, "error", err.Error())
	}
}

// outcomeOf classifies a finished request for the audit log.
func outcomeOf(c echo.Context, err error) store.Outcome {
	status := c.Response().Status
	if err != nil {
		status = http.StatusInternalServerError
		var pe *Error
		var he *echo.HTTPError
		if errors.As(err, &pe) {
			status = pe.Status
		} else if errors.As(err, &he) {
			status = he.Code
		}
	}
	switch {
	case status == http.StatusForbidden || status == http.StatusUnauthorized:
		return store.OutcomeRefused
	case status >= 400:
		return store.OutcomeFailure
	default:
		return store.OutcomeSuccess
	}
}
