package keycloak

import (
	"slices"
	"sort"
)

// Loss is what one member of a group loses when the group stops granting
// them roles (they leave it, a role is revoked from it, or it is deleted),
// and which of those roles they still hold another way.
type Loss struct {
	User UserRef
	// Loses are the names of the roles the member no longer holds at all.
	Loses []string
	// Keeps are the roles the member still holds another way.
	Keeps []Kept
}

// Kept is a role a member keeps another way than through the group.
type Kept struct {
	Role string
	// Via says how, for a person to read: "directly", "through group x".
	Via string
}

// Losses works out, from the holders of each role a group grants, what
// every member of the group would lose if the group no longer granted
// them those roles. A member keeps a role they hold directly or through
// another group. The result has one entry per member who is affected,
// sorted by username.
func Losses(groupID string, holders []Holders) []Loss {
	byID := map[string]*Loss{}
	get := func(u UserRef) *Loss {
		if byID[u.ID] == nil {
			byID[u.ID] = &Loss{User: u}
		}
		return byID[u.ID]
	}
	for _, h := range holders {
		i := slices.IndexFunc(h.Groups, func(g GroupMembers) bool { return g.Group.ID == groupID })
		if i < 0 {
			continue
		}
		losing, keeping := h.WithoutGroup(h.Groups[i].Group.Name)
		for _, m := range losing {
			l := get(m.User)
			l.Loses = append(l.Loses, h.Role.Name)
		}
		for _, m := range keeping {
			l := get(m.User)
			l.Keeps = append(l.Keeps, Kept{Role: h.Role.Name, Via: m.Via()})
		}
	}
	out := make([]Loss, 0, len(byID))
	for _, l := range byID {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].User.Username < out[j].User.Username })
	return out
}

// LossOf returns the entry of one user, and whether there is one.
func LossOf(losses []Loss, userID string) (Loss, bool) {
	for _, l := range losses {
		if l.User.ID == userID {
			return l, true
		}
	}
	return Loss{}, false
}
