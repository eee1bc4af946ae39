//go:build integration

package keycloak

import (
	"context"
	"errors"
	"net/http"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Nerzal/gocloak/v13"

	"github.com/prokube/pkadmin/internal/stacktest"
)

func liveDirectory(t *testing.T) *Directory {
	t.Helper()
	return New(stacktest.Getenv(t, "PKADMIN_KEYCLOAK_URL"), stacktest.Getenv(t, "PKADMIN_KEYCLOAK_REALM"),
		stacktest.Getenv(t, "PKADMIN_OIDC_CLIENT_ID"), stacktest.Getenv(t, "PKADMIN_OIDC_CLIENT_SECRET"),
		10*time.Second)
}

func TestRemovingTheOnlyMemberOfAGroupIsRefused(t *testing.T) {
	d := liveDirectory(t)
	kc, tok := stacktest.KeycloakAdmin(t)
	ctx := context.Background()
	realm := os.Getenv("PKADMIN_KEYCLOAK_REALM")

	name := "solo-" + time.Now().Format("150405")
	gid, err := kc.CreateGroup(ctx, tok, realm, gocloak.Group{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = kc.DeleteGroup(ctx, tok, realm, gid) })
	uid, err := kc.CreateUser(ctx, tok, realm, gocloak.User{Username: gocloak.StringP(name + "-u"),
		Enabled: gocloak.BoolP(true)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = kc.DeleteUser(ctx, tok, realm, uid) })
	if err := kc.AddUserToGroup(ctx, tok, realm, uid, gid); err != nil {
		t.Fatal(err)
	}

	if err := d.RemoveFromGroupKeepingOne(ctx, uid, name); !errors.Is(err, ErrLastMember) {
		t.Fatalf("removing the only member: %v, want ErrLastMember", err)
	}
	in, err := d.IsMember(ctx, uid, name)
	if err != nil || !in {
		t.Fatalf("after the refusal the user is a member: %v (%v), want true", in, err)
	}
}

// countingTransport counts the HTTP requests that reach Keycloak.
type countingTransport struct {
	n atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

func TestFindUsersMakesTheSameCallsWhateverThePageSize(t *testing.T) {
	d := liveDirectory(t)
	ctx := context.Background()
	counter := &countingTransport{}
	d.client.RestyClient().SetTransport(counter)

	// Warm the token and group-ID caches, which later calls reuse.
	if _, err := d.FindUsers(ctx, UserQuery{Max: 1}, "pk-admin", "pk-user"); err != nil {
		t.Fatal(err)
	}
	calls := map[int]int64{}
	for _, max := range []int{1, 5, 50} {
		before := counter.n.Load()
		page, err := d.FindUsers(ctx, UserQuery{Max: max}, "pk-admin", "pk-user")
		if err != nil {
			t.Fatal(err)
		}
		calls[max] = counter.n.Load() - before
		if len(page.Users) > max || page.Total < len(page.Users) {
			t.Errorf("page of %d: %d users of %d", max, len(page.Users), page.Total)
		}
	}
	if calls[1] != calls[50] || calls[1] != 3 {
		t.Errorf("calls per page size = %v, want 3 for every size (page, count, admin members)", calls)
	}
}
