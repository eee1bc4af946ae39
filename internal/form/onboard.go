package form

import (
	"net/url"
	"slices"
	"strings"

	"github.com/prokube/pkadmin/internal/password"
)

// Action is a Keycloak required action the form offers.
type Action struct {
	Name  string
	Label string
	// Default says the box is ticked on a fresh form.
	Default bool
}

// RequiredActions are the actions an administrator may require at the
// first login, in the order the form shows them.
var RequiredActions = []Action{
	{"CONFIGURE_TOTP", "Configure OTP (enforces two-factor sign-in)", true},
	{"UPDATE_PASSWORD", "Update password", true},
	{"VERIFY_EMAIL", "Verify e-mail", false},
	{"UPDATE_PROFILE", "Update profile", false},
}

// Onboard is the onboarding form.
type Onboard struct {
	Username      string
	Email         string
	FirstName     string
	LastName      string
	Actions       []string
	EmailVerified bool
	// PasswordMode is "generate" or "typed".
	PasswordMode string
	Password     string
	// Workspaces are names without the pk: prefix.
	Workspaces []string
	Admin      bool
}

// NewOnboard is the form as first shown.
func NewOnboard() Onboard {
	f := Onboard{PasswordMode: "generate"}
	for _, a := range RequiredActions {
		if a.Default {
			f.Actions = append(f.Actions, a.Name)
		}
	}
	return f
}

// ParseOnboard reads the submitted form. Usernames and e-mails are
// lower-cased, as Keycloak stores them.
func ParseOnboard(v url.Values) Onboard {
	f := Onboard{
		Username:      strings.ToLower(clean(v.Get("username"))),
		Email:         strings.ToLower(clean(v.Get("email"))),
		FirstName:     clean(v.Get("first_name")),
		LastName:      clean(v.Get("last_name")),
		Actions:       v["actions"],
		EmailVerified: v.Get("email_verified") == "on",
		PasswordMode:  v.Get("password_mode"),
		Password:      v.Get("password"),
		Workspaces:    v["workspaces"],
		Admin:         v.Get("admin") == "on",
	}
	if f.PasswordMode != "typed" {
		f.PasswordMode = "generate"
	}
	return f
}

// Validate checks everything that needs no call to Keycloak.
func (f Onboard) Validate() Errors {
	errs := Errors{}
	switch {
	case f.Username == "":
		errs["username"] = "Enter a username."
	case !IsDNSLabel(f.Username):
		errs["username"] = "The username names the user's Kubernetes namespace: " + DNSLabelRule
	}
	if !isEmail(f.Email) {
		errs["email"] = "Enter an e-mail address such as ada@example.org."
	}
	if !isName(f.FirstName) {
		errs["first_name"] = "Enter a first name (at most 255 characters)."
	}
	if !isName(f.LastName) {
		errs["last_name"] = "Enter a last name (at most 255 characters)."
	}
	for _, a := range f.Actions {
		if !slices.ContainsFunc(RequiredActions, func(r Action) bool { return r.Name == a }) {
			errs["actions"] = "Choose only the listed actions."
		}
	}
	if f.PasswordMode == "typed" {
		if err := password.Check(f.Password, f.Username); err != nil {
			errs["password"] = err.Error()
		}
	}
	for _, w := range f.Workspaces {
		if !IsDNSLabel(w) {
			errs["workspaces"] = "Choose only the listed workspaces."
		}
	}
	return errs
}

// HasAction says whether the form requires the action.
func (f Onboard) HasAction(name string) bool { return slices.Contains(f.Actions, name) }

// HasWorkspace says whether the form picks the workspace.
func (f Onboard) HasWorkspace(name string) bool { return slices.Contains(f.Workspaces, name) }
