package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// revokeGroupRole removes one realm-role mapping from the group and says
// which members lost the role and which keep it another way. It ends the
// sessions of those who lost it unless the form says otherwise.
func (s *Server) revokeGroupRole(c echo.Context) error {
	ctx := c.Request().Context()
	g, err := s.groupOf(c)
	if err != nil {
		return err
	}
	name := c.FormValue("role")
	noteAudit(c, "group/"+g.Name, "")
	i := slices.IndexFunc(g.Roles, func(r keycloak.Role) bool { return r.Name == name })
	if i < 0 {
		noteAudit(c, "group/"+g.Name, "refused: role not granted")
		return s.renderGroup(c, http.StatusUnprocessableEntity, g,
			views.GroupPage{RoleError: "The group does not grant this role; choose one listed above."})
	}
	role := g.Roles[i]

	losses, err := s.lossesOf(ctx, g.ID, []keycloak.Role{role})
	if err != nil {
		return upstreamError(err, "the holders of the role")
	}
	if err := s.Keycloak.RevokeGroupRoles(ctx, g.ID, []keycloak.Role{role}); err != nil {
		return upstreamError(err, "the group's roles")
	}

	var lost, kept []string
	var lostIDs []string
	for _, l := range losses {
		if len(l.Loses) > 0 {
			lost, lostIDs = append(lost, l.User.Username), append(lostIDs, l.User.ID)
		}
		for _, k := range l.Keeps {
			kept = append(kept, l.User.Username+" ("+k.Via+")")
		}
	}
	details := []string{"No member lost it."}
	if len(lost) > 0 {
		details[0] = fmt.Sprintf("%d members lost it: %s.", len(lost), strings.Join(lost, ", "))
	}
	if len(kept) > 0 {
		details = append(details, "Still hold it another way: "+strings.Join(kept, ", ")+".")
	}
	detail := fmt.Sprintf("role revoked: %s; %d members lost it", role.Name, len(lost))
	if c.FormValue("end_sessions") == "yes" && len(lostIDs) > 0 {
		failed := s.endSessions(ctx, lostIDs)
		details = append(details, fmt.Sprintf("Their sessions were ended (%d failed).", failed))
		detail += fmt.Sprintf("; sessions ended, %d failed", failed)
	}
	noteAudit(c, "group/"+g.Name, detail)

	if g, err = s.groupOf(c); err != nil {
		return err
	}
	return s.renderGroup(c, http.StatusOK, g, views.GroupPage{
		Notice: "The group no longer grants " + role.Name + ".", Details: details})
}
