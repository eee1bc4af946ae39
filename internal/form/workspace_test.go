package form

import (
	"net/url"
	"strings"
	"testing"
)

func TestWorkspaceNameMustBeADNSLabel(t *testing.T) {
	cases := []struct {
		name string
		ok   bool
	}{
		{"vision", true},
		{"data-science-team", true},
		{"a", true},
		{"9", true},
		{"team-2", true},
		{"2-team", true},
		{strings.Repeat("a", 63), true},
		{"", false},
		{strings.Repeat("a", 64), false},
		{"-vision", false},
		{"vision-", false},
		{"Vision", false},
		{"data_science", false},
		{"data.science", false},
		{"pk:vision", false},
		{"vision team", false},
		{"visión", false},
		{"../etc", false},
		{"a\x00b", false},
		{"-", false},
	}
	for _, c := range cases {
		msg := WorkspaceNameProblem(c.name)
		if got := msg == ""; got != c.ok {
			t.Errorf("WorkspaceNameProblem(%q) = %q, want accepted=%v", c.name, msg, c.ok)
		}
		if !c.ok && !strings.Contains(msg, DNSLabelRule) {
			t.Errorf("the refusal of %q does not state the rule: %q", c.name, msg)
		}
	}
}

func TestWorkspaceFormParsesMembersOnceAndKeepsTheNameAsTyped(t *testing.T) {
	f := ParseWorkspace(url.Values{"name": {" Vision "}, "description": {" Team "},
		"users": {"Bob, alice\nbob;carol  "}, "groups": {"team-vision", "", "team-vision"}})
	if f.Name != "Vision" || f.Description != "Team" {
		t.Errorf("name %q, description %q; want both trimmed and the name's case kept", f.Name, f.Description)
	}
	if strings.Join(f.Users, ",") != "bob,alice,carol" {
		t.Errorf("users = %v, want [bob alice carol]", f.Users)
	}
	if strings.Join(f.Groups, ",") != "team-vision" {
		t.Errorf("groups = %v, want [team-vision]", f.Groups)
	}
	if errs := f.Validate(); errs["name"] == "" || len(errs) != 1 {
		t.Errorf("Validate = %v, want exactly one error, for the upper-case name", errs)
	}
}

func TestWorkspaceFormRefusesLongDescriptionsAndTooManyUsers(t *testing.T) {
	v := url.Values{"name": {"ok"}, "description": {strings.Repeat("d", 256)}}
	if errs := ParseWorkspace(v).Validate(); errs["description"] == "" {
		t.Error("a 256-character description was accepted")
	}
	v.Set("description", "line\nbreak")
	if errs := ParseWorkspace(v).Validate(); errs["description"] == "" {
		t.Error("a description with a line break was accepted")
	}
	v.Set("description", "")
	var many []string
	for i := range 51 {
		many = append(many, "user"+strings.Repeat("x", i))
	}
	v.Set("users", strings.Join(many, " "))
	if errs := ParseWorkspace(v).Validate(); errs["users"] == "" {
		t.Error("51 first members were accepted")
	}
	v.Set("users", "")
	if errs := ParseWorkspace(v).Validate(); !errs.OK() {
		t.Errorf("a name alone was refused: %v", errs)
	}
}

// isLabelByHand is the DNS-1123 label rule written out a character at a
// time, to check the regular expression against.
func isLabelByHand(s string) bool {
	if len(s) == 0 || len(s) > 63 {
		return false
	}
	alnum := func(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' }
	for i := 0; i < len(s); i++ {
		if !alnum(s[i]) && s[i] != '-' {
			return false
		}
	}
	return alnum(s[0]) && alnum(s[len(s)-1])
}

// FuzzWorkspaceName checks that a name is accepted exactly when it is a
// DNS-1123 label, and that parsing and validating any form never panics
// and never accepts a name Kubernetes would refuse.
func FuzzWorkspaceName(f *testing.F) {
	for _, s := range []string{"vision", "a", "-a", "a-", "A", "a_b", strings.Repeat("a", 63),
		strings.Repeat("a", 64), "ä", "a\nb", "pk:x", "0-0"} {
		f.Add(s, "users=bob%2Calice&groups=team-vision&description=x")
	}
	f.Fuzz(func(t *testing.T, name, rest string) {
		accepted := WorkspaceNameProblem(name) == ""
		if accepted != isLabelByHand(name) {
			t.Fatalf("WorkspaceNameProblem(%q) accepted=%v, the rule says %v", name, accepted,
				isLabelByHand(name))
		}

		v, err := url.ParseQuery(rest)
		if err != nil {
			return
		}
		v.Set("name", name)
		form := ParseWorkspace(v)
		if !form.Validate().OK() && form.Validate()["name"] == "" && !isLabelByHand(form.Name) {
			t.Fatalf("a bad name %q passed the name check", form.Name)
		}
		if form.Validate().OK() {
			if !isLabelByHand(form.Name) || len(form.Users) > maxFirstMembers {
				t.Fatalf("accepted an invalid form: %+v", form)
			}
			for _, u := range form.Users {
				if u == "" || strings.ContainsAny(u, " ,;\n\t") {
					t.Fatalf("accepted username %q", u)
				}
			}
		}
	})
}
