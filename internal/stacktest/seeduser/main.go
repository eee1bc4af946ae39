// Command seeduser seeds, in the running local stack, a user with what
// the platform's automation makes for one: a Keycloak user, versioned
// buckets with objects, a MinIO user with its policy and an access key,
// a Profile owning a namespace, and optionally a role binding in a
// workspace's namespace. It prints the user as JSON, without the access
// key's secret. Browser tests use it to offboard someone of their own
// rather than a demo user. With -archive the user's buckets are also
// archived (former owner the user, kind user, by "seeduser"), so a test
// has an archived bucket of its own to purge:
//
//	go run ./internal/stacktest/seeduser [-workspace NAME] [-archive] USERNAME
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/prokube/pkadmin/internal/stacktest"
	"github.com/prokube/pkadmin/internal/storage"
)

func main() {
	workspace := flag.String("workspace", "", "also bind the user in this workspace's namespace")
	archive := flag.Bool("archive", false, "also archive the user's buckets")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: seeduser [-workspace NAME] [-archive] USERNAME")
		os.Exit(2)
	}
	s, err := stacktest.SeederFromEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "seeduser:", err)
		os.Exit(1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	u, err := s.User(ctx, flag.Arg(0), *workspace)
	if err != nil {
		fmt.Fprintln(os.Stderr, "seeduser:", err)
		os.Exit(1)
	}
	if *archive {
		if err := archiveBuckets(ctx, s, u); err != nil {
			fmt.Fprintln(os.Stderr, "seeduser:", err)
			os.Exit(1)
		}
	}
	u.SecretKey = ""
	_ = json.NewEncoder(os.Stdout).Encode(u)
}

// archiveBuckets archives the seeded user's buckets the way offboarding
// would, labelled as made by this command for a browser test.
func archiveBuckets(ctx context.Context, s *stacktest.Seeder, u stacktest.SeededUser) error {
	l := storage.ArchiveLabel{At: time.Now(), By: "seeduser", Owner: u.Username, Kind: "user",
		Reason: "browser test"}
	for _, b := range u.Buckets {
		if _, err := s.Root.ArchiveBucket(ctx, b, l); err != nil {
			return fmt.Errorf("archive %s: %w", b, err)
		}
	}
	return nil
}
