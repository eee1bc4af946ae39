package web

import (
	"testing"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/views"
)

func holdersOf() keycloak.Holders {
	alice := keycloak.UserRef{ID: "a", Username: "alice"}
	bob := keycloak.UserRef{ID: "b", Username: "bob"}
	carol := keycloak.UserRef{ID: "c", Username: "carol"}
	return keycloak.Holders{Direct: []keycloak.UserRef{bob},
		Groups: []keycloak.GroupMembers{
			{Group: keycloak.GroupRef{ID: "g1", Name: "team-vision"}, Members: []keycloak.UserRef{alice, bob, carol}},
			{Group: keycloak.GroupRef{ID: "g2", Name: "team-nlp"}, Members: []keycloak.UserRef{carol}},
		}}
}

func TestRevokingFromAGroupLosesOnlyThoseWithNoOtherWay(t *testing.T) {
	losing, keeping := holdersOf().WithoutGroup("team-vision")
	if len(losing) != 1 || losing[0].User.Username != "alice" {
		t.Errorf("losing = %+v, want only alice", losing)
	}
	if len(keeping) != 2 || keeping[0].Via() != "directly" || keeping[1].Via() != "through group team-nlp" {
		t.Errorf("keeping = %+v, want bob directly and carol through team-nlp", keeping)
	}
	if h := holdersOf(); len(h.Members()[1].Groups) != 1 {
		t.Error("splitting changed the holders it was given")
	}
}

func TestRemovalNamesTheRemainingPathOrSaysAccessEnded(t *testing.T) {
	members := holdersOf().Members()
	if rem, notice := remainingAccess(members, "bob", true); rem != "bob still has access directly "+
		"and through group team-vision." || notice != "" {
		t.Errorf("bob: remaining %q, notice %q", rem, notice)
	}
	if rem, notice := remainingAccess(members, "dave", true); rem != "" ||
		notice != "dave no longer has access to the workspace. Their sessions were ended." {
		t.Errorf("dave: remaining %q, notice %q", rem, notice)
	}
}

func TestWorkspaceNotInTheClusterYetIsWaitingNotBroken(t *testing.T) {
	full := cluster.State{Profile: true, Namespace: true}
	cases := []struct {
		state views.WorkspaceState
		want  string
	}{
		{views.WorkspaceState{ClusterKnown: true, BucketsKnown: true}, views.StateWaiting},
		{views.WorkspaceState{ClusterKnown: true, BucketsKnown: true, Cluster: full,
			Buckets: []views.BucketState{{Name: "x-data"}}}, views.StateWaiting},
		{views.WorkspaceState{ClusterKnown: true, BucketsKnown: true, Cluster: full,
			Buckets: []views.BucketState{{Name: "x-data", Exists: true}}}, views.StateReady},
		{views.WorkspaceState{ClusterKnown: true, Cluster: cluster.State{Namespace: true, Terminating: true}},
			views.StateDeleting},
		{views.WorkspaceState{BucketsKnown: true}, views.StateUnknown},
	}
	for _, c := range cases {
		if got, _ := c.state.Summary(); got != c.want {
			t.Errorf("Summary of %+v = %s, want %s", c.state, got, c.want)
		}
	}
}
