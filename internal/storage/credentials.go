package storage

import (
	"context"
	"fmt"
	"slices"

	"github.com/minio/madmin-go/v3"
)

// MinIO's admin API error codes for things that are not there, or a
// change that is already in place.
const (
	codeNoSuchUser           = "XMinioAdminNoSuchUser"
	codeNoSuchPolicy         = "XMinioAdminNoSuchPolicy"
	codeNoSuchServiceAccount = "XMinioInvalidIAMCredentials"
	codePolicyAlreadyApplied = "XMinioAdminPolicyChangeAlreadyApplied"
	codePolicyNotAttached    = "XMinioPolicyNotAttached"
)

func adminCode(err error) string { return madmin.ToErrorResponse(err).Code }

// AccessKeys lists the access key IDs (never the secrets) of the MinIO
// user's service accounts; a user MinIO does not know has none.
func (s *Storage) AccessKeys(ctx context.Context, user string) ([]string, error) {
	resp, err := s.Admin.ListServiceAccounts(ctx, user)
	if adminCode(err) == codeNoSuchUser {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("access keys of %s: %w", user, err)
	}
	keys := make([]string, 0, len(resp.Accounts))
	for _, a := range resp.Accounts {
		keys = append(keys, a.AccessKey)
	}
	slices.Sort(keys)
	return keys, nil
}

// RemoveAccessKeys deletes every access key of the MinIO user, then the
// user's own MinIO login if there is one (users who log in through
// OpenID have none), which also drops every policy attached to it.
// Repeating it changes nothing.
func (s *Storage) RemoveAccessKeys(ctx context.Context, user string) error {
	keys, err := s.AccessKeys(ctx, user)
	if err != nil {
		return err
	}
	for _, k := range keys {
		err := s.Admin.DeleteServiceAccount(ctx, k)
		if err != nil && adminCode(err) != codeNoSuchServiceAccount {
			return fmt.Errorf("delete an access key of %s: %w", user, err)
		}
	}
	// A disabled login would keep its policies attached, and MinIO
	// refuses to remove a policy in use; so the login goes entirely.
	err = s.Admin.RemoveUser(ctx, user)
	if err != nil && adminCode(err) != codeNoSuchUser {
		return fmt.Errorf("remove minio user %s: %w", user, err)
	}
	return nil
}

// PolicyAttachment is a canned policy and who it is attached to.
type PolicyAttachment struct {
	Policy string
	// Exists says whether MinIO has the policy at all.
	Exists bool
	Users  []string
	Groups []string
}

// PolicyAttachments reads, for each named policy, whether it exists and
// which MinIO users and groups it is attached to.
func (s *Storage) PolicyAttachments(ctx context.Context, policies []string) ([]PolicyAttachment, error) {
	out := make([]PolicyAttachment, 0, len(policies))
	for _, p := range policies {
		a := PolicyAttachment{Policy: p}
		_, err := s.Admin.InfoCannedPolicyV2(ctx, p)
		switch {
		case adminCode(err) == codeNoSuchPolicy:
			out = append(out, a)
			continue
		case err != nil:
			return nil, fmt.Errorf("read policy %s: %w", p, err)
		}
		a.Exists = true
		ents, err := s.Admin.GetPolicyEntities(ctx, madmin.PolicyEntitiesQuery{Policy: []string{p}})
		if err != nil {
			return nil, fmt.Errorf("entities of policy %s: %w", p, err)
		}
		for _, m := range ents.PolicyMappings {
			if m.Policy == p {
				a.Users = append(a.Users, m.Users...)
				a.Groups = append(a.Groups, m.Groups...)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// RemovePolicies detaches each named policy from every user and group
// that has it, then removes the policy. Missing policies are skipped, so
// repeating it changes nothing.
func (s *Storage) RemovePolicies(ctx context.Context, policies []string) error {
	atts, err := s.PolicyAttachments(ctx, policies)
	if err != nil {
		return err
	}
	for _, a := range atts {
		if !a.Exists {
			continue
		}
		for _, u := range a.Users {
			if err := s.detach(ctx, madmin.PolicyAssociationReq{Policies: []string{a.Policy},
				User: u}); err != nil {
				return fmt.Errorf("detach %s from user %s: %w", a.Policy, u, err)
			}
		}
		for _, g := range a.Groups {
			if err := s.detach(ctx, madmin.PolicyAssociationReq{Policies: []string{a.Policy},
				Group: g}); err != nil {
				return fmt.Errorf("detach %s from group %s: %w", a.Policy, g, err)
			}
		}
		err := s.Admin.RemoveCannedPolicy(ctx, a.Policy)
		if err != nil && adminCode(err) != codeNoSuchPolicy {
			return fmt.Errorf("remove policy %s: %w", a.Policy, err)
		}
	}
	return nil
}

func (s *Storage) detach(ctx context.Context, req madmin.PolicyAssociationReq) error {
	_, err := s.Admin.DetachPolicy(ctx, req)
	switch adminCode(err) {
	case codePolicyAlreadyApplied, codePolicyNotAttached, codeNoSuchUser, codeNoSuchPolicy:
		return nil
	}
	return err
}
