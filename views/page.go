// Package views holds the portal's templ components. Every page is
// Layout(page, body): the layout draws the frame and navigation, the body
// one area's content.
package views

// Page is what the layout needs to know about the request.
type Page struct {
	// Title is the page's own title, without the product name.
	Title string
	// Section is the navigation entry to mark as current.
	Section string
	// Username and Name identify the signed-in person; empty when nobody is.
	Username string
	Name     string
	// Admin and Helpdesk say which navigation entries the person may use.
	Admin    bool
	Helpdesk bool
	// CSRF is the token every form that changes state must carry.
	CSRF string
	// CSSURL and JSURL are the asset URLs, with a version for caching.
	CSSURL string
	JSURL  string
}

// DisplayName is the name shown in the header.
func (p Page) DisplayName() string {
	if p.Name != "" {
		return p.Name
	}
	return p.Username
}

// NavItem is one entry of the main navigation.
type NavItem struct {
	Key   string
	Label string
	Href  string
	// Summary says in a sentence what the area is for.
	Summary string
	// Helpdesk says whether helpdesk staff see the entry.
	Helpdesk bool
}

// Nav lists the portal's areas in the order they are shown.
var Nav = []NavItem{
	{Key: "users", Label: "Users", Href: "/admin/users", Helpdesk: true,
		Summary: "Find users, onboard them, reset credentials and manage admin rights."},
	{Key: "readiness", Label: "Readiness", Href: "/admin/readiness",
		Summary: "Users who cannot use the platform yet, and the fixes."},
	{Key: "workspaces", Label: "Workspaces", Href: "/admin/workspaces",
		Summary: "Create workspaces and manage who may use them."},
	{Key: "groups", Label: "Groups", Href: "/admin/groups",
		Summary: "Manage groups, their members and the roles they grant."},
	{Key: "roles", Label: "Roles", Href: "/admin/roles",
		Summary: "See every realm role and who holds it."},
	{Key: "archive", Label: "Archive", Href: "/admin/archive",
		Summary: "Review the buckets of offboarded users and workspaces, and purge them."},
	{Key: "audit", Label: "Audit", Href: "/admin/audit",
		Summary: "Who changed what, and when."},
}

// Visible returns the navigation entries the person may use.
func (p Page) Visible() []NavItem {
	var out []NavItem
	for _, n := range Nav {
		if p.Admin || (p.Helpdesk && n.Helpdesk) {
			out = append(out, n)
		}
	}
	return out
}
