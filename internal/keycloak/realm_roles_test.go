package keycloak

import (
	"slices"
	"testing"
)

func TestRolesAreClassifiedByTheirCaseSensitivePrefix(t *testing.T) {
	cases := map[string]RoleKind{
		"pk:vision":             KindPlatform,
		"s3:readonly":           KindStorage,
		"PK:vision":             KindOther,
		"pk-vision":             KindOther,
		"default-roles-prokube": KindOther,
		"offline_access":        KindOther,
		"":                      KindOther,
	}
	for name, want := range cases {
		if got := KindOf(name); got != want {
			t.Errorf("KindOf(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestKeycloaksOwnRolesAreBuiltInForTheirRealmOnly(t *testing.T) {
	for _, name := range []string{"default-roles-prokube", "offline_access", "uma_authorization"} {
		if !BuiltIn(name, "prokube") {
			t.Errorf("%s is not recognised as built in", name)
		}
	}
	for _, name := range []string{"default-roles-other", "pk:vision", "s3:x", "offline"} {
		if BuiltIn(name, "prokube") {
			t.Errorf("%s is taken for a built-in role of realm prokube", name)
		}
	}
}

func TestProviderLinksMarkOnlyLinkedUsers(t *testing.T) {
	users := []Unready{{User: User{ID: "a"}}, {User: User{ID: "b"}}}
	ProviderLinks{"a": {"corp", "github"}, "z": {"corp"}}.Mark(users)
	if !slices.Equal(users[0].Providers, []string{"corp", "github"}) || users[1].Providers != nil {
		t.Errorf("marked users = %+v, want a from corp and github, b unmarked", users)
	}
}
