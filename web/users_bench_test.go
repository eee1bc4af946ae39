//go:build integration

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prokube/pkadmin/internal/auth"
	"github.com/prokube/pkadmin/internal/cluster"
	"github.com/prokube/pkadmin/internal/config"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/storage"
	"github.com/prokube/pkadmin/internal/store/sqlite"
)

// benchUsers is how many users the benchmark seeds.
const benchUsers = 10_000

// benchPortalURL is the portal the benchmark runs, with the default
// access recheck, on the port `make test` leaves to the browser tests.
var benchPortalURL = stackURL("PKSTACK_BENCH_PORTAL_URL", "http://localhost:28080")

var benchOnce sync.Once

// seedBenchUsers adds benchUsers users through Keycloak's partial import
// (existing ones are skipped), half of them in pk-user.
func seedBenchUsers(b *testing.B) {
	kc := stacktest.Getenv(b, "PKADMIN_KEYCLOAK_URL")
	realm := stacktest.Getenv(b, "PKADMIN_KEYCLOAK_REALM")
	_, tok := stacktest.KeycloakAdmin(b)
	for start := 0; start < benchUsers; start += 1000 {
		var users []map[string]any
		for i := start; i < start+1000; i++ {
			name := fmt.Sprintf("bench-%05d", i)
			u := map[string]any{"username": name, "email": name + "@bench.example.org", "enabled": true,
				"emailVerified": i%3 != 0, "firstName": "Bench", "lastName": fmt.Sprintf("User %d", i)}
			if i%2 == 0 {
				u["groups"] = []string{"/pk-user"}
			}
			users = append(users, u)
		}
		body, _ := json.Marshal(map[string]any{"ifResourceExists": "SKIP", "users": users})
		req, _ := http.NewRequest(http.MethodPost, kc+"/admin/realms/"+realm+"/partialImport", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("partial import: %d", resp.StatusCode)
		}
	}
}

// startBenchPortal runs a second portal with the default settings.
func startBenchPortal(b *testing.B) {
	dir := b.TempDir()
	cfg, err := config.LoadFrom(func(k string) string {
		switch k {
		case "PKADMIN_PUBLIC_URL":
			return benchPortalURL
		case "PKADMIN_DATABASE":
			return "sqlite:" + filepath.Join(dir, "bench.db")
		}
		return os.Getenv(k)
	})
	if err != nil {
		b.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), cfg.SQLitePath())
	if err != nil {
		b.Fatal(err)
	}
	st, _ := storage.New(cfg.MinIOEndpoint, cfg.MinIOAccessKey, cfg.MinIOSecretKey, false)
	cl, _ := cluster.New(cfg.Kubeconfig, cfg.RequestTimeout)
	srv := New(Deps{Config: cfg, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: db,
		Provider: &auth.Provider{Issuer: cfg.IssuerURL(), ClientID: cfg.ClientID,
			ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL()},
		Keycloak: keycloak.New(cfg.KeycloakURL, cfg.Realm, cfg.ClientID, cfg.ClientSecret, 30*time.Second),
		Storage:  st, Cluster: cl})
	ln, err := listenOn(benchPortalURL)
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = http.Serve(ln, srv.Handler()) }()
}

// rawCalls makes, with a plain HTTP client and the portal's service
// account token, the Keycloak calls one users page needs: the page of
// users, their count, the admin group's members, the workspaces and the
// groups (the last two fill the bulk-action form).
func rawCalls(b *testing.B, c *http.Client, tok, adminGroupID string, q url.Values) {
	base := stacktest.Getenv(b, "PKADMIN_KEYCLOAK_URL") + "/admin/realms/" +
		stacktest.Getenv(b, "PKADMIN_KEYCLOAK_REALM")
	count := url.Values{}
	if s := q.Get("search"); s != "" {
		count.Set("search", s)
	}
	for _, u := range []string{
		base + "/users?" + q.Encode(),
		base + "/users/count?" + count.Encode(),
		base + "/groups/" + adminGroupID + "/members?briefRepresentation=true&first=0&max=100000",
		base + "/roles?search=pk%3A&max=100000&briefRepresentation=false",
		base + "/groups?briefRepresentation=true&max=100000",
	} {
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

// BenchmarkUsersPage compares the users page (browsing pages, and
// searching) with the raw Keycloak calls it needs, in the same run, and
// reports both medians and their ratio.
func BenchmarkUsersPage(b *testing.B) {
	benchOnce.Do(func() {
		seedBenchUsers(b)
		startBenchPortal(b)
	})
	client, _, _ := stacktest.Login(b, benchPortalURL, "admin", stacktest.Getenv(b, "PKSTACK_DEMO_PASSWORD"))
	d := keycloak.New(stacktest.Getenv(b, "PKADMIN_KEYCLOAK_URL"), stacktest.Getenv(b, "PKADMIN_KEYCLOAK_REALM"),
		stacktest.Getenv(b, "PKADMIN_OIDC_CLIENT_ID"), stacktest.Getenv(b, "PKADMIN_OIDC_CLIENT_SECRET"),
		30*time.Second)
	adminID, err := d.GroupID(context.Background(), "pk-admin")
	if err != nil {
		b.Fatal(err)
	}
	tok := serviceAccountToken(b)
	raw := &http.Client{Timeout: 30 * time.Second}

	for _, kind := range []string{"browse", "search"} {
		b.Run(kind, func(b *testing.B) {
			var page, direct []time.Duration
			for i := 0; b.Loop(); i++ {
				p := i%40 + 1
				pageQ := url.Values{"page": {fmt.Sprint(p)}}
				rawQ := url.Values{"briefRepresentation": {"true"}, "first": {fmt.Sprint((p - 1) * 25)},
					"max": {"25"}}
				if kind == "search" {
					term := fmt.Sprintf("bench-0%d", i%100)
					pageQ = url.Values{"q": {term}}
					rawQ.Set("search", term)
					rawQ.Set("first", "0")
				}
				// Whichever asks Keycloak first for a page of users pays for
				// its cold read, so the two take turns going first.
				timePage := func() {
					start := time.Now()
					resp, _ := stacktest.Get(b, client, benchPortalURL+"/admin/users?"+pageQ.Encode())
					page = append(page, time.Since(start))
					if resp.StatusCode != http.StatusOK {
						b.Fatalf("users page: %d", resp.StatusCode)
					}
				}
				timeRaw := func() {
					start := time.Now()
					rawCalls(b, raw, tok, adminID, rawQ)
					direct = append(direct, time.Since(start))
				}
				if i%2 == 0 {
					timePage()
					timeRaw()
				} else {
					timeRaw()
					timePage()
				}
			}
			pm, rm := median(page), median(direct)
			b.ReportMetric(float64(pm.Microseconds())/1000, "page-median-ms")
			b.ReportMetric(float64(rm.Microseconds())/1000, "raw-median-ms")
			b.ReportMetric(float64(pm)/float64(rm), "ratio")
		})
	}
}

func serviceAccountToken(b *testing.B) string {
	form := url.Values{"grant_type": {"client_credentials"},
		"client_id":     {stacktest.Getenv(b, "PKADMIN_OIDC_CLIENT_ID")},
		"client_secret": {stacktest.Getenv(b, "PKADMIN_OIDC_CLIENT_SECRET")}}
	resp, err := http.PostForm(stacktest.Getenv(b, "PKADMIN_KEYCLOAK_URL")+"/realms/"+
		stacktest.Getenv(b, "PKADMIN_KEYCLOAK_REALM")+"/protocol/openid-connect/token", form)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		b.Fatalf("service account token: %v", err)
	}
	return tok.AccessToken
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
