package form

import (
	"net/url"
	"strings"
)

// Profile is the form that edits a user's names, e-mail and flags.
type Profile struct {
	FirstName     string
	LastName      string
	Email         string
	EmailVerified bool
	Enabled       bool
}

// ParseProfile reads the submitted form.
func ParseProfile(v url.Values) Profile {
	return Profile{
		FirstName: clean(v.Get("first_name")), LastName: clean(v.Get("last_name")),
		Email:         strings.ToLower(clean(v.Get("email"))),
		EmailVerified: v.Get("email_verified") == "on", Enabled: v.Get("enabled") == "on",
	}
}

// Validate checks the fields.
func (f Profile) Validate() Errors {
	errs := Errors{}
	if !isName(f.FirstName) {
		errs["first_name"] = "Enter a first name (at most 255 characters)."
	}
	if !isName(f.LastName) {
		errs["last_name"] = "Enter a last name (at most 255 characters)."
	}
	if !isEmail(f.Email) {
		errs["email"] = "Enter an e-mail address such as ada@example.org."
	}
	return errs
}
