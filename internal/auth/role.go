package auth

import "slices"

// Role is what a signed-in person may do in the portal, derived from
// their Keycloak groups on every access check.
type Role int

// Roles, from least to most.
const (
	// RoleNone is a signed-in person who is neither admin nor helpdesk.
	RoleNone Role = iota
	// RoleHelpdesk may find users and reset their credentials.
	RoleHelpdesk
	// RoleAdmin may use everything.
	RoleAdmin
)

// String names the role for logs and the audit log.
func (r Role) String() string {
	switch r {
	case RoleAdmin:
		return "admin"
	case RoleHelpdesk:
		return "helpdesk"
	default:
		return "none"
	}
}

// Groups names the Keycloak groups that grant portal roles.
type Groups struct {
	Admin    string
	Helpdesk string
}

// RoleOf returns the highest role the given group names grant. Names may
// come as full paths ("/pk-admin") or bare; both are accepted.
func (g Groups) RoleOf(groups []string) Role {
	has := func(name string) bool {
		return slices.Contains(groups, name) || slices.Contains(groups, "/"+name)
	}
	switch {
	case has(g.Admin):
		return RoleAdmin
	case has(g.Helpdesk):
		return RoleHelpdesk
	default:
		return RoleNone
	}
}

// Access is who may use a route. Every route declares one.
type Access int

// Access levels of routes.
const (
	// Public routes need no session (health checks, login callback, assets).
	Public Access = iota
	// SignedIn routes need a session whatever the role (logout, the
	// refusal page).
	SignedIn
	// Helpdesk routes are for helpdesk staff and administrators.
	Helpdesk
	// Admin routes are for administrators only.
	Admin
)

// String names the access level.
func (a Access) String() string {
	return [...]string{"public", "signed-in", "helpdesk", "admin"}[a]
}

// Allows says whether a person with role r may use a route of level a.
func (a Access) Allows(r Role) bool {
	switch a {
	case Admin:
		return r == RoleAdmin
	case Helpdesk:
		return r == RoleAdmin || r == RoleHelpdesk
	default:
		return true
	}
}
