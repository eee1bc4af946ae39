package config

import (
	"strings"
)

// Default name templates of what the platform's automation creates for a
// user or a workspace. {user} and {workspace} stand for the name.
const (
	DefaultUserBuckets       = "{user}-mlpipeline,{user}-data"
	DefaultUserPolicies      = "user-{user}"
	DefaultUserProfile       = "{user}"
	DefaultWorkspaceBuckets  = "{workspace}-data"
	DefaultWorkspacePolicies = "workspace-{workspace}"
	DefaultWorkspaceProfile  = "{workspace}"
)

// Names are the templates that name a user's and a workspace's buckets,
// MinIO policies and Kubeflow Profile. Lists are comma-separated.
type Names struct {
	// UserBuckets name a user's buckets (PKADMIN_USER_BUCKETS, default
	// {user}-mlpipeline,{user}-data).
	UserBuckets []string
	// UserPolicies name a user's MinIO policies (PKADMIN_USER_POLICIES,
	// default user-{user}).
	UserPolicies []string
	// UserProfile names a user's Profile and namespace
	// (PKADMIN_USER_PROFILE, default {user}, as Kubeflow does).
	UserProfile string
	// WorkspaceBuckets name a workspace's buckets
	// (PKADMIN_WORKSPACE_BUCKETS, default {workspace}-data).
	WorkspaceBuckets []string
	// WorkspacePolicies name the MinIO policies that grant access to a
	// workspace's buckets (PKADMIN_WORKSPACE_POLICIES, default
	// workspace-{workspace}).
	WorkspacePolicies []string
	// WorkspaceProfile names a workspace's Profile and namespace
	// (PKADMIN_WORKSPACE_PROFILE, default {workspace}).
	WorkspaceProfile string
}

func (r *reader) names() Names {
	return Names{
		UserBuckets:       r.templates("PKADMIN_USER_BUCKETS", DefaultUserBuckets, "{user}"),
		UserPolicies:      r.templates("PKADMIN_USER_POLICIES", DefaultUserPolicies, "{user}"),
		UserProfile:       r.template("PKADMIN_USER_PROFILE", DefaultUserProfile, "{user}"),
		WorkspaceBuckets:  r.templates("PKADMIN_WORKSPACE_BUCKETS", DefaultWorkspaceBuckets, "{workspace}"),
		WorkspacePolicies: r.templates("PKADMIN_WORKSPACE_POLICIES", DefaultWorkspacePolicies, "{workspace}"),
		WorkspaceProfile:  r.template("PKADMIN_WORKSPACE_PROFILE", DefaultWorkspaceProfile, "{workspace}"),
	}
}

// templates reads a comma-separated list of templates, each of which must
// hold the placeholder: a fixed name would be shared by every user.
func (r *reader) templates(name, def, placeholder string) []string {
	var out []string
	for _, t := range strings.Split(r.str(name, def), ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !strings.Contains(t, placeholder) {
			r.fail(name, "every name must contain "+placeholder)
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		r.fail(name, "must name at least one template")
	}
	return out
}

func (r *reader) template(name, def, placeholder string) string {
	t := r.str(name, def)
	if strings.Contains(t, ",") || !strings.Contains(t, placeholder) {
		r.fail(name, "must be one name containing "+placeholder)
	}
	return t
}

func fill(templates []string, placeholder, value string) []string {
	out := make([]string, len(templates))
	for i, t := range templates {
		out[i] = strings.ReplaceAll(t, placeholder, value)
	}
	return out
}

// UserBucketNames are the buckets of the user.
func (n Names) UserBucketNames(user string) []string { return fill(n.UserBuckets, "{user}", user) }

// UserPolicyNames are the MinIO policies of the user.
func (n Names) UserPolicyNames(user string) []string { return fill(n.UserPolicies, "{user}", user) }

// UserProfileName is the Profile (and namespace) of the user.
func (n Names) UserProfileName(user string) string {
	return strings.ReplaceAll(n.UserProfile, "{user}", user)
}

// WorkspaceBucketNames are the buckets of the workspace.
func (n Names) WorkspaceBucketNames(ws string) []string {
	return fill(n.WorkspaceBuckets, "{workspace}", ws)
}

// WorkspacePolicyNames are the MinIO policies that grant the workspace's
// buckets.
func (n Names) WorkspacePolicyNames(ws string) []string {
	return fill(n.WorkspacePolicies, "{workspace}", ws)
}

// WorkspaceProfileName is the Profile (and namespace) of the workspace.
func (n Names) WorkspaceProfileName(ws string) string {
	return strings.ReplaceAll(n.WorkspaceProfile, "{workspace}", ws)
}
