package form

import (
	"net/url"
	"strings"
	"testing"
)

func TestGroupFormTrimsAndAcceptsAPlainName(t *testing.T) {
	f := ParseGroup(url.Values{"name": {"  team-vision "}, "description": {" Vision people "}})
	if f.Name != "team-vision" || f.Description != "Vision people" {
		t.Errorf("parsed %+v, want trimmed name and description", f)
	}
	if errs := f.Validate(); !errs.OK() {
		t.Errorf("Validate = %v, want no error", errs)
	}
}

func TestGroupFormRefusesBadNamesNextToTheField(t *testing.T) {
	for _, name := range []string{"", "   ", "a/b", "/root", strings.Repeat("g", 256), "tab\there"} {
		errs := ParseGroup(url.Values{"name": {name}}).Validate()
		if errs["name"] == "" || len(errs) != 1 {
			t.Errorf("name %q: errors %v, want exactly one for name", name, errs)
		}
	}
}

func TestGroupFormAcceptsTheLongestNameAndRefusesALongDescription(t *testing.T) {
	if errs := (Group{Name: strings.Repeat("é", 255)}).Validate(); !errs.OK() {
		t.Errorf("255-character name: %v, want accepted", errs)
	}
	errs := (Group{Name: "ok", Description: strings.Repeat("d", 256)}).Validate()
	if errs["description"] == "" || len(errs) != 1 {
		t.Errorf("long description: %v, want one error for description", errs)
	}
}
