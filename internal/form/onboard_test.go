package form

import (
	"net/url"
	"strings"
	"testing"
)

func valid() url.Values {
	return url.Values{"username": {"Ada-L"}, "email": {"Ada@Example.org"}, "first_name": {"Ada"},
		"last_name": {"Lovelace"}, "actions": {"CONFIGURE_TOTP", "UPDATE_PASSWORD"},
		"password_mode": {"generate"}, "workspaces": {"vision"}}
}

func TestValidFormParsesLowerCasedAndPasses(t *testing.T) {
	f := ParseOnboard(valid())
	if f.Username != "ada-l" || f.Email != "ada@example.org" {
		t.Errorf("username %q, e-mail %q; want both lower-cased", f.Username, f.Email)
	}
	if errs := f.Validate(); !errs.OK() {
		t.Errorf("Validate = %v, want no error", errs)
	}
}

func TestEachBadFieldGetsItsOwnMessage(t *testing.T) {
	cases := map[string][2]string{ // field: {form key, bad value}
		"username":   {"username", "ada_l"},
		"email":      {"email", "Ada <ada@example.org>"},
		"first_name": {"first_name", ""},
		"last_name":  {"last_name", strings.Repeat("x", 256)},
		"actions":    {"actions", "DELETE_ACCOUNT"},
		"workspaces": {"workspaces", "../etc"},
	}
	for field, kv := range cases {
		v := valid()
		v.Set(kv[0], kv[1])
		errs := ParseOnboard(v).Validate()
		if errs[field] == "" || len(errs) != 1 {
			t.Errorf("with %s=%q: errors %v, want exactly one for %s", kv[0], kv[1], errs, field)
		}
	}
}

func TestTypedPasswordIsChecked(t *testing.T) {
	v := valid()
	v.Set("password_mode", "typed")
	v.Set("password", "ada-l-password-1A")
	if errs := ParseOnboard(v).Validate(); errs["password"] == "" {
		t.Error("a password containing the username was accepted")
	}
	v.Set("password", "Strong-enough-42")
	if errs := ParseOnboard(v).Validate(); !errs.OK() {
		t.Errorf("a strong typed password was refused: %v", errs)
	}
}

func TestDNSLabel(t *testing.T) {
	for _, ok := range []string{"a", "data-science-team", "x1", strings.Repeat("a", 63)} {
		if !IsDNSLabel(ok) {
			t.Errorf("IsDNSLabel(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "-a", "a-", "A", "a_b", "a.b", strings.Repeat("a", 64), "ä"} {
		if IsDNSLabel(bad) {
			t.Errorf("IsDNSLabel(%q) = true", bad)
		}
	}
}

// FuzzOnboard decodes arbitrary request bodies: decoding and validation
// never panic, and whatever passes has a username Kubernetes accepts and
// an e-mail without spaces or a display name.
func FuzzOnboard(f *testing.F) {
	f.Add(valid().Encode())
	f.Add("username=%00&email=a%40b.c&first_name=%E2%80%AE&last_name=x")
	f.Add("actions=CONFIGURE_TOTP&actions=&workspaces=a&password_mode=typed&password=x")
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		form := ParseOnboard(v)
		if !form.Validate().OK() {
			return
		}
		if !IsDNSLabel(form.Username) || strings.ContainsAny(form.Email, " <>") || form.FirstName == "" {
			t.Fatalf("accepted an invalid form: %+v", form)
		}
	})
}

func TestProfileValidation(t *testing.T) {
	ok := url.Values{"first_name": {"Ada"}, "last_name": {"L"}, "email": {"A@B.org"}, "enabled": {"on"}}
	p := ParseProfile(ok)
	if !p.Validate().OK() || p.Email != "a@b.org" || !p.Enabled || p.EmailVerified {
		t.Fatalf("ParseProfile(%v) = %+v, errors %v", ok, p, p.Validate())
	}
	ok.Set("email", "not an address")
	if ParseProfile(ok).Validate()["email"] == "" {
		t.Error("a bad e-mail was accepted")
	}
}

func FuzzProfile(f *testing.F) {
	f.Add("first_name=A&last_name=B&email=a%40b.c&enabled=on")
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		p := ParseProfile(v)
		if p.Validate().OK() && (p.FirstName == "" || !strings.Contains(p.Email, "@")) {
			t.Fatalf("accepted %+v", p)
		}
	})
}
