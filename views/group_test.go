package views

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"github.com/prokube/pkadmin/internal/keycloak"
)

func renderDoc(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestDeletionPreviewWarnsAboutMembersWhoKeepARole(t *testing.T) {
	d := GroupDeletion{Group: keycloak.GroupInfo{ID: "g1", Name: "team",
		Roles: []keycloak.Role{{Name: "pk:vision"}}},
		Losses: []keycloak.Loss{
			{User: keycloak.UserRef{ID: "a", Username: "ann"},
				Keeps: []keycloak.Kept{{Role: "pk:vision", Via: "directly"}}},
			{User: keycloak.UserRef{ID: "b", Username: "ben"}, Loses: []string{"pk:vision"}},
		}}
	doc := renderDoc(t, DeleteGroup(d))

	if got := doc.Find("[data-testid=keepers] [data-user=ann]").Text(); got != "ann: pk:vision (directly)" {
		t.Errorf("keepers warning for ann = %q", got)
	}
	if doc.Find("[data-testid=keepers] [data-user=ben]").Length() != 0 {
		t.Error("ben keeps nothing but is listed among the keepers")
	}
	if got := doc.Find("tr[data-user=ben] [data-field=loses]").Text(); strings.TrimSpace(got) != "pk:vision" {
		t.Errorf("ben loses %q, want pk:vision", got)
	}
	if doc.Find("form input[name=confirm]").Length() != 1 {
		t.Error("the preview has no confirmation field")
	}
}

func TestProtectedGroupPreviewOffersNoDeletion(t *testing.T) {
	doc := renderDoc(t, DeleteGroup(GroupDeletion{Group: keycloak.GroupInfo{ID: "g", Name: "pk-user"},
		Protected: true}))
	if doc.Find("[data-testid=protected]").Length() != 1 || doc.Find("form").Length() != 0 {
		t.Error("a protected group's preview should say so and show no form")
	}
}

func TestAdminGroupPageListsMembersWithoutMembershipForms(t *testing.T) {
	p := GroupPage{Group: keycloak.GroupInfo{ID: "g", Name: "pk-admin"}, AdminGroup: true, Protected: true,
		Members: []keycloak.User{{ID: "u1", Username: "admin"}}, Page: 1}
	doc := renderDoc(t, Group(p))
	if doc.Find("tr[data-user=admin]").Length() != 1 {
		t.Error("the admin group's members are not listed")
	}
	forms := []string{"[data-testid=add-member]", "[data-testid=remove-member]", "[data-testid=delete-link]"}
	for _, sel := range forms {
		if doc.Find(sel).Length() != 0 {
			t.Errorf("the admin group's page shows %s", sel)
		}
	}
}
