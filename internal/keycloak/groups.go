package keycloak

import (
	"context"
	"sort"

	"github.com/Nerzal/gocloak/v13"
)

// Groups lists the realm's top-level groups by name.
func (d *Directory) Groups(ctx context.Context) ([]GroupRef, error) {
	tok, err := d.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	gs, err := d.client.GetGroups(ctx, tok, d.realm, gocloak.GetGroupsParams{
		Max: gocloak.IntP(scanLimit), BriefRepresentation: gocloak.BoolP(true)})
	if err != nil {
		return nil, d.fail("list groups", err)
	}
	out := make([]GroupRef, 0, len(gs))
	for _, g := range gs {
		out = append(out, GroupRef{ID: gocloak.PString(g.ID), Name: gocloak.PString(g.Name)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
