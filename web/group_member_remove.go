package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

// removeGroupMember takes a user out of the group and says which of the
// group's roles they lost and which they keep another way. It ends the
// user's sessions unless the form says otherwise, so the change takes
// effect now. Members of the admin group are not removed here.
func (s *Server) removeGroupMember(c echo.Context) error {
	ctx := c.Request().Context()
	g, err := s.groupOf(c)
	if err != nil {
		return err
	}
	noteAudit(c, "group/"+g.Name, "")
	refuse := func(msg string) error {
		noteAudit(c, "group/"+g.Name, "refused: "+msg)
		return s.renderGroup(c, http.StatusUnprocessableEntity, g, views.GroupPage{MemberError: msg})
	}
	if g.Name == s.Config.AdminGroup {
		return refuse(adminGroupRefusal)
	}
	id := c.FormValue("user")
	if !keycloakID.MatchString(id) {
		return refuse("Choose a member to remove.")
	}
	u, err := s.Keycloak.GetUser(ctx, id)
	if errors.Is(err, keycloak.ErrNotFound) {
		return refuse("That user does not exist any more.")
	}
	if err != nil {
		return upstreamError(err, "the user")
	}

	// What the member loses is worked out before the removal, while the
	// group still counts them.
	losses, err := s.lossesOf(ctx, g.ID, g.Roles)
	if err != nil {
		return upstreamError(err, "the holders of the group's roles")
	}
	if err := s.Keycloak.RemoveGroupMember(ctx, g.ID, u.ID); err != nil {
		return upstreamError(err, "the group")
	}

	loss, _ := keycloak.LossOf(losses, u.ID)
	details := lossDetails(loss)
	detail := "member removed: " + u.Username
	if c.FormValue("end_sessions") == "yes" {
		if s.endSessions(ctx, []string{u.ID}) > 0 {
			details = append(details, "Ending their sessions failed; end them on the user's page.")
			detail += "; ending sessions failed"
		} else {
			details = append(details, "Their sessions were ended.")
			detail += "; sessions ended"
		}
	}
	noteAudit(c, "group/"+g.Name, detail)
	return s.renderGroup(c, http.StatusOK, g, views.GroupPage{
		Notice: u.Username + " is no longer a member of " + g.Name + ".", Details: details})
}

// lossDetails says in sentences what one member lost and kept.
func lossDetails(l keycloak.Loss) []string {
	var out []string
	if len(l.Loses) > 0 {
		out = append(out, "No longer holds "+strings.Join(l.Loses, ", ")+".")
	}
	for _, k := range l.Keeps {
		out = append(out, "Still holds "+k.Role+" "+k.Via+".")
	}
	return out
}
