package views

import (
	"testing"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/offboard"
	"github.com/prokube/pkadmin/internal/storage"
)

func previewOf(username string, objects int) offboard.UserPreview {
	return offboard.UserPreview{User: keycloak.User{ID: "id-" + username, Username: username},
		AccessKeys: []string{"KEY" + username},
		Removed: offboard.Removed{
			Buckets: []offboard.BucketPreview{
				{Name: username + "-data", Exists: true,
					ObjectTally: storage.ObjectTally{Objects: objects, Versions: objects + 1, Size: 100}},
				{Name: username + "-mlpipeline"}},
			Profile: offboard.ProfilePreview{Name: username},
			Kept:    []string{offboard.KeptPipelineHistory}}}
}

func TestUserDeletionShowsKeyIDsBucketsAndKeptAndNoFormForOneself(t *testing.T) {
	p := UserDeletionPage{Preview: previewOf("dave", 2), CSRF: "tok",
		Errors: form.Errors{"confirm": "Type the username"}, Confirm: "dav"}
	doc := renderDoc(t, UserDeletion(p))

	if doc.Find("[data-access-key=KEYdave]").Length() != 1 {
		t.Error("the access key ID is not shown")
	}
	data := doc.Find("tr[data-bucket=dave-data]")
	if data.Find("[data-field=objects]").Text() != "2" || data.Find("[data-field=versions]").Text() != "3" {
		t.Errorf("bucket dave-data shown as %q", data.Text())
	}
	if doc.Find("tr[data-bucket=dave-mlpipeline][data-exists=false]").Length() != 1 {
		t.Error("a missing bucket is not shown as missing")
	}
	if doc.Find("[data-testid=kept] li").Length() != 1 {
		t.Error("what is kept is not listed")
	}
	if doc.Find("#confirm").AttrOr("value", "") != "dav" ||
		doc.Find("[data-error-for=confirm]").Length() != 1 {
		t.Error("a refused confirmation is not kept with its message")
	}

	p.Self = true
	doc = renderDoc(t, UserDeletion(p))
	if doc.Find("form").Length() != 0 || doc.Find("[data-testid=refusal]").Length() != 1 {
		t.Error("one's own account is offered for deletion")
	}
}

func TestBulkDeletionTotalsWhatEveryUserLoses(t *testing.T) {
	p := BulkDeletionPage{Previews: []offboard.UserPreview{previewOf("a", 2), previewOf("b", 3)}}
	tot := p.Total()
	if tot.Users != 2 || tot.Buckets != 2 || tot.Objects != 5 || tot.Versions != 7 ||
		tot.AccessKeys != 2 || tot.Size != 200 {
		t.Errorf("total = %+v", tot)
	}
	doc := renderDoc(t, BulkDeletion(p))
	if n := doc.Find("form input[name=user]").Length(); n != 2 {
		t.Errorf("the confirmation form carries %d users, want 2", n)
	}
}
