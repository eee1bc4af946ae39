//go:build integration

package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/stacktest"
)

// seededWorkspace is a workspace imported into Keycloak for a test: its
// role, its granting groups, and the users reached through them.
type seededWorkspace struct {
	name     string
	groupIDs []string
}

// seedWorkspace imports, in one partial import, the role pk:<name>,
// groups granting it with perGroup members each, and direct users, and
// removes all of it when the test ends.
func seedWorkspace(tb testing.TB, name string, groups, perGroup, direct int) seededWorkspace {
	tb.Helper()
	role := "pk:" + name
	var gs []map[string]any
	var users []map[string]any
	for g := range groups {
		gname := fmt.Sprintf("%s-g%02d", name, g)
		// Keycloak's partial import needs a group's path and subgroups.
		gs = append(gs, map[string]any{"name": gname, "path": "/" + gname,
			"subGroups": []any{}, "realmRoles": []string{role}})
		for u := range perGroup {
			users = append(users, map[string]any{"username": fmt.Sprintf("%s-g%02d-u%04d", name, g, u),
				"enabled": true, "groups": []string{"/" + gname}})
		}
	}
	for u := range direct {
		users = append(users, map[string]any{"username": fmt.Sprintf("%s-d-u%04d", name, u),
			"enabled": true, "realmRoles": []string{role}})
	}
	body, _ := json.Marshal(map[string]any{"ifResourceExists": "SKIP",
		"roles":  map[string]any{"realm": []map[string]any{{"name": role, "description": "seeded"}}},
		"groups": gs, "users": users})

	var res struct {
		Results []struct {
			ResourceType string `json:"resourceType"`
			ID           string `json:"id"`
		} `json:"results"`
	}
	adminCall(tb, http.MethodPost, "/partialImport", body, &res)
	w := seededWorkspace{name: name}
	var userIDs []string
	for _, r := range res.Results {
		switch r.ResourceType {
		case "USER":
			userIDs = append(userIDs, r.ID)
		case "GROUP":
			w.groupIDs = append(w.groupIDs, r.ID)
		}
	}
	tb.Cleanup(func() { removeSeeded(tb, role, w.groupIDs, userIDs) })
	return w
}

// removeSeeded deletes seeded users (a few at a time), groups and role.
func removeSeeded(tb testing.TB, role string, groupIDs, userIDs []string) {
	ids := make(chan string)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for id := range ids {
				adminCall(tb, http.MethodDelete, "/users/"+id, nil, nil)
			}
		})
	}
	for _, id := range userIDs {
		ids <- id
	}
	close(ids)
	wg.Wait()
	for _, id := range groupIDs {
		adminCall(tb, http.MethodDelete, "/groups/"+id, nil, nil)
	}
	adminCall(tb, http.MethodDelete, "/roles/"+url.PathEscape(role), nil, nil)
}

// adminCall makes one admin-API call as the master realm's administrator.
func adminCall(tb testing.TB, method, path string, body []byte, out any) {
	_, tok := stacktest.KeycloakAdmin(tb)
	u := stacktest.Getenv(tb, "PKADMIN_KEYCLOAK_URL") + "/admin/realms/" +
		stacktest.Getenv(tb, "PKADMIN_KEYCLOAK_REALM") + path
	req, _ := http.NewRequest(method, u, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Errorf("%s %s: %v", method, path, err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		tb.Errorf("%s %s: %d", method, path, resp.StatusCode)
		return
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			tb.Errorf("%s %s: %v", method, path, err)
		}
	}
}

// countingTransport counts the admin-API requests that pass through it.
type countingTransport struct {
	next  http.RoundTripper
	calls atomic.Int32
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.Contains(r.URL.Path, "/admin/realms/") {
		t.calls.Add(1)
	}
	return t.next.RoundTrip(r)
}

// TestWorkspacePageCallsGrowWithGroupsNotMembers counts the Keycloak
// calls that reading a workspace's page makes: ten times the members
// cost no call more, two more granting groups cost two.
func TestWorkspacePageCallsGrowWithGroupsNotMembers(t *testing.T) {
	live := livePortal(t)
	cfg := live.Config
	counter := &countingTransport{}
	d := keycloak.New(cfg.KeycloakURL, cfg.Realm, cfg.ClientID, cfg.ClientSecret, 30*time.Second)
	d.WrapTransport(func(rt http.RoundTripper) http.RoundTripper { counter.next = rt; return counter })
	srv := New(Deps{Config: cfg, Log: live.Log, Store: live.Store, Provider: live.Provider,
		Keycloak: d, Storage: live.Storage, Cluster: live.Cluster})

	calls := func(w seededWorkspace, wantMembers int) int32 {
		t.Helper()
		c := srv.echo.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), httptest.NewRecorder())
		counter.calls.Store(0)
		p, err := srv.loadWorkspace(c, w.name)
		if err != nil {
			t.Fatalf("read workspace %s: %v", w.name, err)
		}
		if len(p.Members) != wantMembers {
			t.Errorf("workspace %s has %d members, want %d", w.name, len(p.Members), wantMembers)
		}
		return counter.calls.Load()
	}
	suffix := wsName("calls")
	small := calls(seedWorkspace(t, suffix+"-s", 2, 5, 3), 13)
	many := calls(seedWorkspace(t, suffix+"-m", 2, 50, 30), 130)
	groups := calls(seedWorkspace(t, suffix+"-g", 4, 5, 3), 23)

	t.Logf("Keycloak calls: 2 groups, 13 members: %d; 2 groups, 130 members: %d; 4 groups: %d",
		small, many, groups)
	if many != small {
		t.Errorf("ten times the members took %d calls instead of %d", many, small)
	}
	if groups != small+2 {
		t.Errorf("two more groups took %d calls, want %d (one more a group)", groups, small+2)
	}
}

// benchRawWorkspaceCalls makes, one after another with a plain HTTP
// client and the service account's token, the Keycloak calls a
// workspace's page needs: the role, its direct users, its groups, each
// group's members, and the realm's groups (for the grant form).
func benchRawWorkspaceCalls(b *testing.B, c *http.Client, tok, role string, groupIDs []string) {
	base := stacktest.Getenv(b, "PKADMIN_KEYCLOAK_URL") + "/admin/realms/" +
		stacktest.Getenv(b, "PKADMIN_KEYCLOAK_REALM")
	r := "/roles/" + url.PathEscape(role)
	urls := []string{base + r, base + r + "/users?first=0&max=100000",
		base + r + "/groups?first=0&max=100000&briefRepresentation=true"}
	for _, id := range groupIDs {
		urls = append(urls, base+"/groups/"+id+"/members?briefRepresentation=true&first=0&max=100000")
	}
	urls = append(urls, base+"/groups?briefRepresentation=true&max=100000")
	for _, u := range urls {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d", u, resp.StatusCode)
		}
	}
}

// BenchmarkWorkspaceMembersPage compares a workspace's page with 1,020
// members (1,000 through 10 groups, 20 directly), read through the
// portal over HTTP, with the raw Keycloak calls it needs, in the same
// run, and reports both medians and their ratio.
func BenchmarkWorkspaceMembersPage(b *testing.B) {
	livePortal(b)
	w := seedWorkspace(b, wsName("bench"), 10, 100, 20)
	client, _, _ := stacktest.Login(b, livePortalURL, "admin", stacktest.Getenv(b, "PKSTACK_DEMO_PASSWORD"))
	tok := serviceAccountToken(b)
	raw := &http.Client{Timeout: 30 * time.Second}
	pageURL := livePortalURL + "/admin/workspaces/" + w.name

	if _, body := stacktest.Get(b, client, pageURL); !strings.Contains(body, ">1020 members<") {
		b.Fatalf("the page does not show 1020 members")
	}
	var page, direct []time.Duration
	for b.Loop() {
		start := time.Now()
		resp, _ := stacktest.Get(b, client, pageURL)
		page = append(page, time.Since(start))
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("workspace page: %d", resp.StatusCode)
		}
		start = time.Now()
		benchRawWorkspaceCalls(b, raw, tok, "pk:"+w.name, w.groupIDs)
		direct = append(direct, time.Since(start))
	}
	pm, rm := median(page), median(direct)
	b.ReportMetric(float64(pm.Microseconds())/1000, "page-median-ms")
	b.ReportMetric(float64(rm.Microseconds())/1000, "raw-median-ms")
	b.ReportMetric(float64(pm)/float64(rm), "ratio")
}
