package form

import (
	"net/url"
	"strings"
	"unicode"
)

// maxGroupText is the longest group name or description Keycloak stores
// (both live in columns of 255 characters).
const maxGroupText = 255

// Group is the form that creates a group.
type Group struct {
	Name        string
	Description string
}

// ParseGroup reads the submitted form.
func ParseGroup(v url.Values) Group {
	return Group{Name: clean(v.Get("name")), Description: clean(v.Get("description"))}
}

// Validate checks the fields. A name may not contain '/', since Keycloak
// uses it to separate the parts of a group's path.
func (f Group) Validate() Errors {
	errs := Errors{}
	switch {
	case f.Name == "":
		errs["name"] = "Enter a name."
	case len([]rune(f.Name)) > maxGroupText:
		errs["name"] = "Use at most 255 characters."
	case strings.Contains(f.Name, "/"):
		errs["name"] = "A group name cannot contain '/': Keycloak uses it in group paths."
	case strings.IndexFunc(f.Name, unicode.IsControl) >= 0:
		errs["name"] = "Use only printable characters."
	}
	switch {
	case len([]rune(f.Description)) > maxGroupText:
		errs["description"] = "Use at most 255 characters."
	case strings.IndexFunc(f.Description, unicode.IsControl) >= 0:
		errs["description"] = "Use only printable characters."
	}
	return errs
}
