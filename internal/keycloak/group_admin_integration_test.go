//go:build integration

package keycloak

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestFindGroupsMakesTwoCallsPlusOnePerGroupShown(t *testing.T) {
	d := liveDirectory(t)
	ctx := context.Background()
	counter := &countingTransport{}
	d.client.RestyClient().SetTransport(counter)
	if _, err := d.FindGroups(ctx, GroupQuery{Max: 1}); err != nil { // warms the token
		t.Fatal(err)
	}

	for _, max := range []int{1, 3, 50} {
		before := counter.n.Load()
		page, err := d.FindGroups(ctx, GroupQuery{Max: max})
		if err != nil {
			t.Fatal(err)
		}
		calls := counter.n.Load() - before
		if want := int64(2 + len(page.Groups)); calls != want {
			t.Errorf("a page of %d groups made %d calls, want %d", len(page.Groups), calls, want)
		}
		if len(page.Groups) > max || page.Total < len(page.Groups) {
			t.Errorf("page of %d: %d groups of %d", max, len(page.Groups), page.Total)
		}
	}
}

func TestCreatedGroupIsReadBackAndADuplicateIsAConflict(t *testing.T) {
	d := liveDirectory(t)
	ctx := context.Background()
	name := "kc-group-" + time.Now().Format("150405.000000")

	id, err := d.CreateGroup(ctx, name, "A description")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.DeleteGroup(context.Background(), id) })
	g, err := d.GroupByID(ctx, id)
	if err != nil || g.Name != name || g.Description != "A description" || len(g.Roles) != 0 {
		t.Fatalf("read back %+v (%v), want the name, the description and no roles", g, err)
	}
	if _, err := d.CreateGroup(ctx, name, ""); !errors.Is(err, ErrConflict) {
		t.Errorf("creating %s again: %v, want ErrConflict", name, err)
	}
	if err := d.DeleteGroup(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := d.GroupByID(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("reading a deleted group: %v, want ErrNotFound", err)
	}
}
