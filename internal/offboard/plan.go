package offboard

import (
	"encoding/json"
	"fmt"

	"github.com/prokube/pkadmin/internal/config"
	"github.com/prokube/pkadmin/internal/keycloak"
)

// Kind is what a run offboards.
type Kind string

// Kinds of runs.
const (
	KindUser      Kind = "user"
	KindWorkspace Kind = "workspace"
)

// Plan is everything a run needs to know, recorded when it is created so
// that a resumed run has it even when Keycloak cannot be read.
type Plan struct {
	Kind   Kind   `json:"kind"`
	Actor  string `json:"actor"`
	Reason string `json:"reason,omitempty"`

	// A user's run: the Keycloak user.
	UserID   string `json:"userId,omitempty"`
	Username string `json:"username,omitempty"`
	Email    string `json:"email,omitempty"`

	// A workspace's run: the workspace, and its role with everyone who
	// held it when the run was created.
	Workspace string            `json:"workspace,omitempty"`
	Holders   *keycloak.Holders `json:"holders,omitempty"`

	Buckets  []string `json:"buckets"`
	Policies []string `json:"policies"`
	Profile  string   `json:"profile"`
}

// Target names what the plan offboards: a username or a workspace.
func (p Plan) Target() string {
	if p.Kind == KindWorkspace {
		return p.Workspace
	}
	return p.Username
}

// UserPlan is the plan to offboard the user, with names from the
// templates.
func UserPlan(n config.Names, u keycloak.User, actor, reason string) Plan {
	return Plan{Kind: KindUser, Actor: actor, Reason: reason,
		UserID: u.ID, Username: u.Username, Email: u.Email,
		Buckets: n.UserBucketNames(u.Username), Policies: n.UserPolicyNames(u.Username),
		Profile: n.UserProfileName(u.Username)}
}

// WorkspacePlan is the plan to delete the workspace whose role and
// holders are h.
func WorkspacePlan(n config.Names, h keycloak.Holders, actor, reason string) Plan {
	ws := h.Role.Workspace()
	return Plan{Kind: KindWorkspace, Actor: actor, Reason: reason, Workspace: ws, Holders: &h,
		Buckets: n.WorkspaceBucketNames(ws), Policies: n.WorkspacePolicyNames(ws),
		Profile: n.WorkspaceProfileName(ws)}
}

func (p Plan) encode() ([]byte, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	return b, nil
}

func decodePlan(b []byte) (Plan, error) {
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return Plan{}, fmt.Errorf("decode plan: %w", err)
	}
	if p.Kind != KindUser && p.Kind != KindWorkspace {
		return Plan{}, fmt.Errorf("decode plan: unknown kind %q", p.Kind)
	}
	if p.Kind == KindWorkspace && p.Holders == nil {
		return Plan{}, fmt.Errorf("decode plan: workspace %s has no recorded holders", p.Workspace)
	}
	return p, nil
}
