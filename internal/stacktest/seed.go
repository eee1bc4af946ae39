package stacktest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"github.com/minio/madmin-go/v3"
	"github.com/minio/minio-go/v7"

	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/config"
	"github.com/prokube/pkadmin/internal/devstack"
	"github.com/prokube/pkadmin/internal/storage"
)

// DefaultNames are the name templates with their defaults, as the stack
// uses them.
func DefaultNames() config.Names {
	return config.Names{
		UserBuckets:       strings.Split(config.DefaultUserBuckets, ","),
		UserPolicies:      []string{config.DefaultUserPolicies},
		UserProfile:       config.DefaultUserProfile,
		WorkspaceBuckets:  []string{config.DefaultWorkspaceBuckets},
		WorkspacePolicies: []string{config.DefaultWorkspacePolicies},
		WorkspaceProfile:  config.DefaultWorkspaceProfile,
	}
}

// Seeder makes, with administrative credentials, what the platform's
// automation would have made for a user or a workspace, so tests can
// offboard something of their own and never the demo data.
type Seeder struct {
	Realm string
	KC    *gocloak.GoCloak
	// Root is MinIO with the root credential; Admin is the cluster with
	// the admin kubeconfig. Tests use both for independent checks too.
	Root  *storage.Storage
	Admin *cluster.Cluster
	Names config.Names

	user, pass string
	mu         sync.Mutex
	tok        string
	tokAt      time.Time
}

// seederSettings are the stack settings a Seeder needs.
var seederSettings = []string{"PKADMIN_MINIO_ENDPOINT", "PKADMIN_MINIO_ACCESS_KEY",
	"PKADMIN_MINIO_SECRET_KEY", "PKSTACK_ADMIN_KUBECONFIG", "PKADMIN_KEYCLOAK_REALM",
	"PKADMIN_KEYCLOAK_URL", "PKSTACK_KEYCLOAK_ADMIN", "PKSTACK_KEYCLOAK_ADMIN_PASSWORD"}

// NewSeeder connects to the stack's services as their administrators,
// failing the test when a setting of the stack is missing.
func NewSeeder(t testing.TB) *Seeder {
	t.Helper()
	for _, name := range seederSettings {
		Getenv(t, name)
	}
	s, err := SeederFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// SeederFromEnv connects like NewSeeder, for programs outside a test.
func SeederFromEnv() (*Seeder, error) {
	for _, name := range seederSettings {
		if os.Getenv(name) == "" {
			return nil, fmt.Errorf("%s is not set: run inside the local stack", name)
		}
	}
	root, err := storage.New(os.Getenv("PKADMIN_MINIO_ENDPOINT"),
		os.Getenv("PKADMIN_MINIO_ACCESS_KEY"), os.Getenv("PKADMIN_MINIO_SECRET_KEY"), false)
	if err != nil {
		return nil, err
	}
	adm, err := cluster.New(os.Getenv("PKSTACK_ADMIN_KUBECONFIG"), 30*time.Second)
	if err != nil {
		return nil, err
	}
	return &Seeder{Realm: os.Getenv("PKADMIN_KEYCLOAK_REALM"),
		KC: gocloak.NewClient(os.Getenv("PKADMIN_KEYCLOAK_URL")), Root: root, Admin: adm,
		Names: DefaultNames(), user: os.Getenv("PKSTACK_KEYCLOAK_ADMIN"),
		pass: os.Getenv("PKSTACK_KEYCLOAK_ADMIN_PASSWORD")}, nil
}

// Token is a master-realm admin token, renewed before it expires.
func (s *Seeder) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != "" && time.Since(s.tokAt) < 30*time.Second {
		return s.tok, nil
	}
	jwt, err := s.KC.LoginAdmin(ctx, s.user, s.pass, "master")
	if err != nil {
		return "", fmt.Errorf("keycloak admin login: %w", err)
	}
	s.tok, s.tokAt = jwt.AccessToken, time.Now()
	return s.tok, nil
}

// SeededUser is a user with everything the platform gives one.
type SeededUser struct {
	ID, Username, Email string
	Buckets             []string
	// AccessKey and SecretKey are the user's MinIO access key.
	AccessKey, SecretKey string
	// Binding is the user's role binding in another namespace.
	Binding cluster.ObjectRef
}

// User creates a Keycloak user; versioned buckets with objects (one with
// two versions); a MinIO user with the user's policy and an access key; a
// Profile owning a namespace with a secret; and, when otherNS is not
// empty, a role binding for the user there.
func (s *Seeder) User(ctx context.Context, username, otherNS string) (SeededUser, error) {
	u := SeededUser{Username: username, Email: username + "@example.org",
		Buckets: s.Names.UserBucketNames(username)}
	tok, err := s.Token(ctx)
	if err != nil {
		return u, err
	}
	u.ID, err = s.KC.CreateUser(ctx, tok, s.Realm, gocloak.User{Username: &u.Username,
		Email: &u.Email, EmailVerified: gocloak.BoolP(true), Enabled: gocloak.BoolP(true),
		FirstName: gocloak.StringP("Seeded"), LastName: gocloak.StringP("User")})
	if err != nil {
		return u, fmt.Errorf("create keycloak user %s: %w", username, err)
	}
	if err := s.buckets(ctx, u.Buckets); err != nil {
		return u, err
	}
	adm := s.Root.Admin
	for _, p := range s.Names.UserPolicyNames(username) {
		if err := adm.AddCannedPolicy(ctx, p, devstack.BucketPolicy(u.Buckets)); err != nil {
			return u, fmt.Errorf("policy %s: %w", p, err)
		}
	}
	if err := adm.AddUser(ctx, username, "Seeded-secret-"+username); err != nil {
		return u, fmt.Errorf("minio user %s: %w", username, err)
	}
	if _, err := adm.AttachPolicy(ctx, madmin.PolicyAssociationReq{
		Policies: s.Names.UserPolicyNames(username), User: username}); err != nil {
		return u, fmt.Errorf("attach policy to %s: %w", username, err)
	}
	cred, err := adm.AddServiceAccount(ctx, madmin.AddServiceAccountReq{TargetUser: username,
		Name: "seeded", Description: "seeded access key"})
	if err != nil {
		return u, fmt.Errorf("access key of %s: %w", username, err)
	}
	u.AccessKey, u.SecretKey = cred.AccessKey, cred.SecretKey
	if err := s.Profile(ctx, s.Names.UserProfileName(username), u.Email); err != nil {
		return u, err
	}
	if otherNS != "" {
		u.Binding, err = s.RoleBinding(ctx, otherNS, u.Email)
	}
	return u, err
}

// SeededWorkspace is a workspace with its role, a granting group, a
// direct holder and a group member, and its MinIO and cluster objects.
type SeededWorkspace struct {
	Name, Role, GroupID, GroupName string
	Direct, Member                 SeededUser
	Buckets                        []string
}

// Workspace creates the pk: role, a group that grants it with one
// member, a user who holds it directly, the workspace's bucket and
// policy (attached to the direct holder's MinIO user), and its Profile
// and namespace, with role bindings of both holders.
func (s *Seeder) Workspace(ctx context.Context, name string) (SeededWorkspace, error) {
	w := SeededWorkspace{Name: name, Role: "pk:" + name, GroupName: "team-" + name,
		Buckets: s.Names.WorkspaceBucketNames(name)}
	tok, err := s.Token(ctx)
	if err != nil {
		return w, err
	}
	if _, err := s.KC.CreateRealmRole(ctx, tok, s.Realm, gocloak.Role{Name: &w.Role}); err != nil {
		return w, fmt.Errorf("create role %s: %w", w.Role, err)
	}
	role, err := s.KC.GetRealmRole(ctx, tok, s.Realm, w.Role)
	if err != nil {
		return w, fmt.Errorf("read role %s: %w", w.Role, err)
	}
	if w.GroupID, err = s.KC.CreateGroup(ctx, tok, s.Realm, gocloak.Group{Name: &w.GroupName}); err != nil {
		return w, fmt.Errorf("create group %s: %w", w.GroupName, err)
	}
	if err := s.KC.AddRealmRoleToGroup(ctx, tok, s.Realm, w.GroupID, []gocloak.Role{*role}); err != nil {
		return w, fmt.Errorf("grant %s to %s: %w", w.Role, w.GroupName, err)
	}
	if err := s.Profile(ctx, s.Names.WorkspaceProfileName(name), "admin@example.org"); err != nil {
		return w, err
	}
	if w.Direct, err = s.User(ctx, name+"-direct", name); err != nil {
		return w, err
	}
	if w.Member, err = s.User(ctx, name+"-member", name); err != nil {
		return w, err
	}
	if err := s.KC.AddRealmRoleToUser(ctx, tok, s.Realm, w.Direct.ID, []gocloak.Role{*role}); err != nil {
		return w, fmt.Errorf("grant %s to the direct holder: %w", w.Role, err)
	}
	if err := s.KC.AddUserToGroup(ctx, tok, s.Realm, w.Member.ID, w.GroupID); err != nil {
		return w, fmt.Errorf("add the member to %s: %w", w.GroupName, err)
	}
	if err := s.buckets(ctx, w.Buckets); err != nil {
		return w, err
	}
	for _, p := range s.Names.WorkspacePolicyNames(name) {
		if err := s.Root.Admin.AddCannedPolicy(ctx, p, devstack.BucketPolicy(w.Buckets)); err != nil {
			return w, fmt.Errorf("policy %s: %w", p, err)
		}
		if _, err := s.Root.Admin.AttachPolicy(ctx, madmin.PolicyAssociationReq{
			Policies: []string{p}, User: w.Direct.Username}); err != nil {
			return w, fmt.Errorf("attach %s: %w", p, err)
		}
	}
	return w, nil
}

// buckets makes versioned buckets with three object versions of two keys.
func (s *Seeder) buckets(ctx context.Context, names []string) error {
	for _, b := range names {
		if err := s.Root.S3.MakeBucket(ctx, b, minio.MakeBucketOptions{}); err != nil {
			return fmt.Errorf("make bucket %s: %w", b, err)
		}
		if err := s.Root.S3.EnableVersioning(ctx, b); err != nil {
			return fmt.Errorf("versioning of %s: %w", b, err)
		}
		for _, o := range []struct{ key, body string }{{"README.txt", "seeded\n"},
			{"data/sample.csv", "id\n1\n"}, {"data/sample.csv", "id\n1\n2\n"}} {
			if _, err := s.Root.S3.PutObject(ctx, b, o.key, strings.NewReader(o.body),
				int64(len(o.body)), minio.PutObjectOptions{}); err != nil {
				return fmt.Errorf("put %s/%s: %w", b, o.key, err)
			}
		}
	}
	return nil
}

// Profile creates a Profile and the namespace it owns, with a secret
// inside, as the platform would.
func (s *Seeder) Profile(ctx context.Context, name, owner string) error {
	return devstack.CreateProfile(ctx, s.Admin.Core, s.Admin.Dynamic, name, owner)
}

// RoleBinding makes the user (by e-mail) an editor of the namespace,
// annotated the way Kubeflow's access management does.
func (s *Seeder) RoleBinding(ctx context.Context, ns, email string) (cluster.ObjectRef, error) {
	name, err := devstack.BindUser(ctx, s.Admin.Core, ns, email)
	return cluster.ObjectRef{Namespace: ns, Name: name}, err
}
