// Command seeduser seeds, in the running local stack, a user with what
// the platform's automation makes for one: a Keycloak user, versioned
// buckets with objects, a MinIO user with its policy and an access key,
// a Profile owning a namespace, and optionally a role binding in a
// workspace's namespace. It prints the user as JSON, without the access
// key's secret. Browser tests use it to offboard someone of their own
// rather than a demo user:
//
//	go run ./internal/stacktest/seeduser [-workspace NAME] USERNAME
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/prokube/pkadmin/internal/stacktest"
)

func main() {
	workspace := flag.String("workspace", "", "also bind the user in this workspace's namespace")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: seeduser [-workspace NAME] USERNAME")
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
	u.SecretKey = ""
	_ = json.NewEncoder(os.Stdout).Encode(u)
}
