package keycloak

import (
	"reflect"
	"testing"
)

var (
	ann  = UserRef{ID: "u-ann", Username: "ann"}
	ben  = UserRef{ID: "u-ben", Username: "ben"}
	cleo = UserRef{ID: "u-cleo", Username: "cleo"}
	team = GroupRef{ID: "g-team", Name: "team"}
	labs = GroupRef{ID: "g-labs", Name: "labs"}
)

func TestLossesKeepDirectAndOtherGroupHoldersAndTakeTheRest(t *testing.T) {
	holders := []Holders{
		{Role: Role{Name: "pk:vision"}, Direct: []UserRef{ann},
			Groups: []GroupMembers{{Group: team, Members: []UserRef{ann, ben, cleo}},
				{Group: labs, Members: []UserRef{cleo}}}},
		{Role: Role{Name: "s3:readonly"},
			Groups: []GroupMembers{{Group: team, Members: []UserRef{ann, ben, cleo}}}},
	}

	got := Losses(team.ID, holders)
	want := []Loss{
		{User: ann, Loses: []string{"s3:readonly"}, Keeps: []Kept{{"pk:vision", "directly"}}},
		{User: ben, Loses: []string{"pk:vision", "s3:readonly"}},
		{User: cleo, Loses: []string{"s3:readonly"}, Keeps: []Kept{{"pk:vision", "through group labs"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Losses =\n%+v\nwant\n%+v", got, want)
	}
}

func TestLossesIgnoreRolesTheGroupDoesNotGrant(t *testing.T) {
	holders := []Holders{{Role: Role{Name: "pk:nlp"}, Direct: []UserRef{ben},
		Groups: []GroupMembers{{Group: labs, Members: []UserRef{cleo}}}}}
	if got := Losses(team.ID, holders); len(got) != 0 {
		t.Errorf("Losses for a group that grants nothing = %+v, want none", got)
	}
}

func TestLossOfFindsOneMember(t *testing.T) {
	losses := []Loss{{User: ann}, {User: ben, Loses: []string{"pk:vision"}}}
	if l, ok := LossOf(losses, ben.ID); !ok || l.User != ben {
		t.Errorf("LossOf(ben) = %+v, %v", l, ok)
	}
	if _, ok := LossOf(losses, cleo.ID); ok {
		t.Error("LossOf found a user who is not a member")
	}
}
