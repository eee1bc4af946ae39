package config

import (
	"errors"
	"testing"
	"time"
)

func TestOffboardDefaultsToFourAtOnceAndTwoMinutesOfWaiting(t *testing.T) {
	c, err := LoadFrom(env(nil))
	if err != nil {
		t.Fatalf("LoadFrom: %v", err)
	}
	if c.Offboard.Concurrency != 4 || c.Offboard.NamespaceWait != 2*time.Minute {
		t.Fatalf("Offboard = %+v, want concurrency 4 and a 2m wait", c.Offboard)
	}
}

func TestOffboardConcurrencyOutsideOneToSixtyFourIsRefused(t *testing.T) {
	for _, v := range []string{"0", "65", "four", "-1"} {
		_, err := LoadFrom(env(map[string]string{"PKADMIN_OFFBOARD_CONCURRENCY": v}))
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != "PKADMIN_OFFBOARD_CONCURRENCY" {
			t.Errorf("concurrency %q: err = %v, want an error naming the variable", v, err)
		}
	}
	c, err := LoadFrom(env(map[string]string{"PKADMIN_OFFBOARD_CONCURRENCY": "16"}))
	if err != nil || c.Offboard.Concurrency != 16 {
		t.Fatalf("concurrency 16: %+v, %v; want 16", c.Offboard, err)
	}
}
