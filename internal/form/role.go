package form

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/prokube/pkadmin/internal/keycloak"
)

// maxRoleText bounds a role's name and description: Keycloak keeps each
// in a column of 255 characters.
const maxRoleText = 255

// Role is the form that creates a realm role.
type Role struct {
	Name        string
	Description string
	// NoPrefix is the explicit consent to a name without a platform prefix.
	NoPrefix bool
}

// ParseRole reads the submitted form.
func ParseRole(v url.Values) Role {
	return Role{
		Name:        clean(v.Get("name")),
		Description: clean(v.Get("description")),
		NoPrefix:    v.Get("no_prefix") == "on",
	}
}

// HasKnownPrefix says whether the name starts with pk: or s3:.
func (f Role) HasKnownPrefix() bool {
	return keycloak.KindOf(f.Name) != keycloak.KindOther
}

// Validate checks the name against the platform's prefix rules and
// Keycloak's limits. A name without a known prefix is refused until the
// form says so explicitly, since the platform ignores such a role.
func (f Role) Validate() Errors {
	errs := Errors{}
	if msg := nameProblem(f.Name); msg != "" {
		errs["name"] = msg
	} else if !f.HasKnownPrefix() && !f.NoPrefix {
		errs["name"] = "This name has no platform prefix, so the platform will not act on the " +
			"role. Tick \"Create a role without a platform prefix\" to create it anyway."
	}
	d := f.Description
	if len([]rune(d)) > maxRoleText || strings.IndexFunc(d, unicode.IsControl) >= 0 {
		errs["description"] = "Keep the description to one line of at most 255 characters."
	}
	return errs
}

// nameProblem says what is wrong with a role name, or nothing.
func nameProblem(name string) string {
	switch {
	case name == "":
		return "Enter a name."
	case len([]rune(name)) > maxRoleText:
		return "A role name has at most 255 characters."
	case hasOddRune(name) || strings.ContainsAny(name, "/?#%\\"):
		return "A role name may not contain spaces or any of / ? # % \\."
	}
	for _, prefix := range []string{keycloak.WorkspacePrefix, keycloak.StoragePrefix} {
		if strings.EqualFold(name[:min(len(name), len(prefix))], prefix) &&
			!strings.HasPrefix(name, prefix) {
			return "Write the prefix in lower case: " + prefix
		}
	}

	switch keycloak.KindOf(name) {
	case keycloak.KindPlatform:
		if !IsDNSLabel(strings.TrimPrefix(name, keycloak.WorkspacePrefix)) {
			return "After pk: comes the workspace's name, which also names its Kubernetes " +
				"namespace: " + DNSLabelRule
		}
	case keycloak.KindStorage:
		rest := strings.TrimPrefix(name, keycloak.StoragePrefix)
		if rest == "" || strings.Contains(rest, ",") {
			return "After s3: comes the rest of the MinIO policy's name (no commas)."
		}
	}
	return ""
}

// hasOddRune says whether s holds white space or a control character.
func hasOddRune(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0
}
