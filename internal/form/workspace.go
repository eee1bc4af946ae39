package form

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxDescription bounds a workspace's description, which Keycloak keeps
// with the role.
const maxDescription = 255

// maxFirstMembers bounds the users a new workspace can be created with;
// more are added on the workspace's page or through a group.
const maxFirstMembers = 50

// Workspace is the form that creates a workspace: the pk: role, and
// optionally its first members.
type Workspace struct {
	// Name is the workspace's name, without the pk: prefix.
	Name        string
	Description string
	// Users are usernames to give direct access, as typed.
	Users []string
	// Groups are names of groups to grant the workspace to.
	Groups []string
}

// ParseWorkspace reads the submitted form. Usernames are lower-cased, as
// Keycloak stores them; the workspace's name is kept as typed, so a wrong
// one is shown back rather than silently changed.
func ParseWorkspace(v url.Values) Workspace {
	f := Workspace{
		Name:        clean(v.Get("name")),
		Description: clean(v.Get("description")),
	}
	for _, u := range strings.FieldsFunc(v.Get("users"), isListSeparator) {
		if u = strings.ToLower(u); !slices.Contains(f.Users, u) {
			f.Users = append(f.Users, u)
		}
	}
	for _, g := range v["groups"] {
		if g = clean(g); g != "" && !slices.Contains(f.Groups, g) {
			f.Groups = append(f.Groups, g)
		}
	}
	return f
}

func isListSeparator(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }

// Validate checks everything that needs no call to Keycloak or the
// cluster.
func (f Workspace) Validate() Errors {
	errs := Errors{}
	if msg := WorkspaceNameProblem(f.Name); msg != "" {
		errs["name"] = msg
	}
	if utf8.RuneCountInString(f.Description) > maxDescription ||
		strings.IndexFunc(f.Description, unicode.IsControl) >= 0 {
		errs["description"] = "Keep the description to one line of at most 255 characters."
	}
	if len(f.Users) > maxFirstMembers {
		errs["users"] = "Name at most 50 users here; add more on the workspace's page, or grant a group."
	}
	for _, u := range f.Users {
		if !IsUsername(u) {
			errs["users"] = "Separate usernames with spaces, commas or new lines."
		}
	}
	return errs
}

// WorkspaceNameProblem says what is wrong with a workspace's name, or
// returns "" when it is a valid DNS-1123 label, which the platform needs
// to name the workspace's Profile and namespace.
func WorkspaceNameProblem(name string) string {
	switch {
	case name == "":
		return "Enter a name. " + DNSLabelRule
	case !IsDNSLabel(name):
		return "The name becomes the workspace's Kubernetes namespace: " + DNSLabelRule
	}
	return ""
}

// IsUsername accepts what Keycloak accepts as a username: at most 255
// characters, no spaces or control characters.
func IsUsername(s string) bool {
	blank := func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }
	return s != "" && utf8.RuneCountInString(s) <= 255 && utf8.ValidString(s) &&
		strings.IndexFunc(s, blank) < 0
}

// HasGroup says whether the form picks the group.
func (f Workspace) HasGroup(name string) bool { return slices.Contains(f.Groups, name) }

// UsersText is the usernames as the form's text area shows them.
func (f Workspace) UsersText() string { return strings.Join(f.Users, "\n") }
