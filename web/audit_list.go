package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/store"
	"github.com/prokube/pkadmin/views"
)

// auditPerPage is the audit page's page size.
const auditPerPage = 50

// auditTimeLayouts are the forms a filter time is read in: what a
// datetime-local field sends, with or without seconds, or a bare date.
var auditTimeLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"}

// showAudit browses the audit log, newest first, one page at a time,
// filtered by actor, action, outcome, target text and a time range in UTC.
// A time that cannot be read shows the form again with its message.
func (s *Server) showAudit(c echo.Context) error {
	f := views.AuditFilter{Actor: queryText(c, "actor"), Action: queryText(c, "action"),
		Outcome: queryText(c, "outcome"), Target: queryText(c, "target"),
		From: queryText(c, "from"), To: queryText(c, "to")}
	q, errs := auditQuery(&f)
	l := views.AuditLog{Filter: f, Errors: errs, Actions: s.auditedActions(), Page: 1, Pages: 1}
	if len(errs) > 0 {
		return s.render(c, http.StatusUnprocessableEntity, "Audit log", "audit", views.Audit(l))
	}

	page, _ := strconv.Atoi(c.QueryParam("page"))
	l.Page = max(page, 1)
	res, err := s.findAudit(c, q, l.Page)
	if err != nil {
		return err
	}
	l.Pages = max(1, (res.Total+auditPerPage-1)/auditPerPage)
	if l.Page > l.Pages {
		l.Page = l.Pages
		if res, err = s.findAudit(c, q, l.Page); err != nil {
			return err
		}
	}
	l.Records, l.Total = res.Records, res.Total
	return s.render(c, http.StatusOK, "Audit log", "audit", views.Audit(l))
}

func (s *Server) findAudit(c echo.Context, q store.AuditQuery, page int) (store.AuditPage, error) {
	q.Offset, q.Limit = (page-1)*auditPerPage, auditPerPage
	res, err := s.Store.FindAudit(c.Request().Context(), q)
	if err != nil {
		return store.AuditPage{}, &Error{Status: http.StatusInternalServerError,
			Title:   "The audit log could not be read",
			Message: "The portal's store did not answer. Try again in a minute.", Err: err}
	}
	return res, nil
}

// auditQuery reads the filter into a store query, with a message per
// field it could not read. An unknown outcome means any outcome.
func auditQuery(f *views.AuditFilter) (store.AuditQuery, map[string]string) {
	q := store.AuditQuery{Actor: f.Actor, Action: f.Action, Target: f.Target}
	if !slices.ContainsFunc(views.AuditOutcomes, func(o struct{ Value, Label string }) bool {
		return o.Value == f.Outcome
	}) {
		f.Outcome = ""
	}
	q.Outcome = store.Outcome(f.Outcome)

	errs := map[string]string{}
	var ok bool
	if q.From, ok = parseAuditTime(f.From); !ok {
		errs["from"] = "Give a date and time as YYYY-MM-DDTHH:MM, in UTC."
	}
	if q.To, ok = parseAuditTime(f.To); !ok {
		errs["to"] = "Give a date and time as YYYY-MM-DDTHH:MM, in UTC."
	}
	if len(errs) == 0 && !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		errs["to"] = "The end of the range must come after its start."
	}
	return q, errs
}

// parseAuditTime reads a filter time in UTC; an empty one is the zero
// time, which leaves that end of the range open.
func parseAuditTime(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	for _, layout := range auditTimeLayouts {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// auditedActions are the actions the audit log records, sorted: the
// names of the state-changing routes, and sign-ins.
func (s *Server) auditedActions() []string {
	out := []string{"auth.login"}
	for _, rt := range s.routes() {
		if isUnsafe(rt.method) && !slices.Contains(out, rt.name) {
			out = append(out, rt.name)
		}
	}
	slices.Sort(out)
	return out
}

// queryText is a trimmed query parameter, cut to the longest search.
func queryText(c echo.Context, name string) string {
	v := strings.TrimSpace(c.QueryParam(name))
	if len(v) > maxSearchLength {
		v = v[:maxSearchLength]
	}
	return v
}
