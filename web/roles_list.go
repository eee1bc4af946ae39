package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/upstream"
	"github.com/prokube/pkadmin/views"
)

// rolesPerPage is the roles list's page size.
const rolesPerPage = 25

// showRoles lists the realm roles matching a search and a kind, one page
// at a time, with the number of holders of each role shown.
//
// Every role is read from Keycloak (paging through all of them) and the
// search, filter and pages are applied here, so no role is ever hidden
// by Keycloak's own paging. Holders are counted only for the roles on the
// shown page, since each count costs a few calls (3 + G for a role granted
// through G groups); CountHolders runs a few counts at a time.
func (s *Server) showRoles(c echo.Context) error {
	ctx := c.Request().Context()
	search := strings.TrimSpace(c.QueryParam("q"))
	if len(search) > maxSearchLength {
		search = search[:maxSearchLength]
	}
	kind := parseRoleKind(c.QueryParam("kind"))
	page, _ := strconv.Atoi(c.QueryParam("page"))

	all, err := s.Keycloak.RealmRoles(ctx)
	if err != nil {
		return upstreamError(err, "the realm roles")
	}
	matching := filterRoles(all, search, kind)
	shown, page, pages := pageOf(matching, page, rolesPerPage)

	names := make([]string, len(shown))
	for i, r := range shown {
		names[i] = r.Name
	}
	counts, err := s.Keycloak.CountHolders(ctx, names)
	if err != nil {
		logOf(c).Warn("count role holders", "error", upstream.Describe(err))
	}

	list := views.RolesList{Search: search, Kind: kind, Page: page, Pages: pages,
		Total: len(matching), Notice: rolesNotice(c), CountsMissing: err != nil}
	for _, r := range shown {
		n, ok := counts[r.Name]
		list.Rows = append(list.Rows, views.RoleRow{Role: r, Holders: n, Counted: ok,
			Deletable: s.roleRefusal(r) == ""})
	}
	return s.render(c, http.StatusOK, "Realm roles", "roles", views.Roles(list))
}

// rolesNotice says what the last change did, after its redirect.
func rolesNotice(c echo.Context) string {
	if name := c.QueryParam("created"); name != "" {
		return "Role " + name + " was created."
	}
	name := c.QueryParam("deleted")
	if name == "" {
		return ""
	}
	if n := c.QueryParam("unended"); n != "" {
		return "Role " + name + " was deleted, but " + n + " holders' sessions could not be ended; " +
			"end them on each user's page."
	}
	return "Role " + name + " was deleted."
}

// parseRoleKind accepts only the known kinds; anything else means all.
func parseRoleKind(v string) keycloak.RoleKind {
	for _, k := range views.RoleKinds {
		if string(k.Value) == v {
			return k.Value
		}
	}
	return ""
}

// filterRoles keeps the roles of the kind (every kind when empty) whose
// name or description contains the search, ignoring case.
func filterRoles(all []keycloak.Role, search string, kind keycloak.RoleKind) []keycloak.Role {
	search = strings.ToLower(search)
	var out []keycloak.Role
	for _, r := range all {
		if kind != "" && r.Kind() != kind {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(r.Name), search) &&
			!strings.Contains(strings.ToLower(r.Description), search) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// pageOf returns one page of items, with the page number moved into range
// and the number of pages (at least one).
func pageOf[T any](items []T, page, size int) (shown []T, current, pages int) {
	pages = max(1, (len(items)+size-1)/size)
	current = min(max(page, 1), pages)
	first := (current - 1) * size
	return items[first:min(first+size, len(items))], current, pages
}
