package config

import (
	"strconv"
	"time"
)

// Defaults of offboarding.
const (
	DefaultOffboardConcurrency   = 4
	DefaultOffboardNamespaceWait = 2 * time.Minute
	maxOffboardConcurrency       = 64
)

// Offboard are the settings of offboarding users and workspaces.
type Offboard struct {
	// Concurrency bounds how many users of one bulk offboarding are worked
	// on at once (PKADMIN_OFFBOARD_CONCURRENCY, default 4, at most 64): it
	// keeps a large batch from flooding Keycloak, MinIO and the API server.
	Concurrency int
	// NamespaceWait bounds how long a run waits for a deleted Profile's
	// namespace to disappear (PKADMIN_OFFBOARD_NAMESPACE_WAIT, default 2m);
	// after that the step fails and a retry waits again.
	NamespaceWait time.Duration
}

func (r *reader) offboard() Offboard {
	o := Offboard{
		Concurrency:   DefaultOffboardConcurrency,
		NamespaceWait: r.duration("PKADMIN_OFFBOARD_NAMESPACE_WAIT", DefaultOffboardNamespaceWait),
	}
	if v := r.str("PKADMIN_OFFBOARD_CONCURRENCY", ""); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxOffboardConcurrency {
			r.fail("PKADMIN_OFFBOARD_CONCURRENCY", "must be a whole number from 1 to 64")
		}
		o.Concurrency = n
	}
	if o.NamespaceWait <= 0 {
		r.fail("PKADMIN_OFFBOARD_NAMESPACE_WAIT", "must be more than 0")
	}
	return o
}
