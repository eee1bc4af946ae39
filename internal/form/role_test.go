package form

import (
	"net/url"
	"strings"
	"testing"
)

func TestRoleNamesFollowThePrefixRules(t *testing.T) {
	cases := []struct {
		name     string
		noPrefix bool
		ok       bool
	}{
		{"pk:data-team", false, true},
		{"pk:Data-Team", false, false},
		{"pk:-team", false, false},
		{"pk:", false, false},
		{"pk:" + strings.Repeat("a", 64), false, false},
		{"PK:team", false, false},
		{"s3:readwrite", false, true},
		{"s3:", false, false},
		{"s3:a,b", false, false},
		{"S3:readwrite", false, false},
		{"reporting", false, false},
		{"reporting", true, true},
		{"has space", true, false},
		{"a/b", true, false},
		{"50%", true, false},
		{"", true, false},
		{strings.Repeat("x", 256), true, false},
	}
	for _, c := range cases {
		errs := Role{Name: c.name, NoPrefix: c.noPrefix}.Validate()
		if errs.OK() != c.ok {
			t.Errorf("role %q (no prefix ticked: %v): errors %v, want ok=%v", c.name, c.noPrefix, errs, c.ok)
		}
	}
}

func TestRoleWithoutPrefixIsRefusedNextToTheNameUntilTicked(t *testing.T) {
	errs := ParseRole(url.Values{"name": {" reporting "}}).Validate()
	if !strings.Contains(errs["name"], "no platform prefix") {
		t.Fatalf("name error = %q, want the missing-prefix warning", errs["name"])
	}
	f := ParseRole(url.Values{"name": {"reporting"}, "no_prefix": {"on"}})
	if errs := f.Validate(); !errs.OK() || f.Name != "reporting" {
		t.Errorf("ticked form %+v: errors %v, want none", f, errs)
	}
}

func TestRoleDescriptionIsOneShortLine(t *testing.T) {
	long := Role{Name: "s3:x", Description: strings.Repeat("d", 256)}
	if long.Validate()["description"] == "" {
		t.Error("a 256-character description is accepted")
	}
	multi := Role{Name: "s3:x", Description: "one\ntwo"}
	if multi.Validate()["description"] == "" {
		t.Error("a description with a line break is accepted")
	}
}
