package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/prokube/pkadmin/internal/form"
	"github.com/prokube/pkadmin/internal/keycloak"
	"github.com/prokube/pkadmin/internal/store"
)

func TestDeletionReasonIsOptionalOneLineAndShort(t *testing.T) {
	for reason, ok := range map[string]bool{
		"":                             true,
		"left the company":             true,
		"Vertrag beendet, Ü-Zeichen":   true,
		strings.Repeat("x", 200):       true,
		strings.Repeat("x", 201):       false,
		"two\nlines":                   false,
		"bell\a":                       false,
		string([]byte{0xff, 'a', 'b'}): false,
	} {
		errs := form.Errors{}
		checkReason(reason, errs)
		if errs.OK() != ok {
			t.Errorf("reason %q accepted=%v, want %v (%v)", reason, errs.OK(), ok, errs)
		}
	}
}

func TestAFailedPreviewSaysNothingChangedAndHidesTheCause(t *testing.T) {
	cases := []struct {
		err    error
		status int
	}{
		{fmt.Errorf("read the user: %w", keycloak.ErrNotFound), http.StatusNotFound},
		{fmt.Errorf("get run: %w", store.ErrNotFound), http.StatusNotFound},
		{errors.New("dial tcp 10.0.0.1:9000: secret-bearing upstream detail"), http.StatusBadGateway},
	}
	for _, c := range cases {
		var pe *Error
		if !errors.As(previewError(c.err, "user"), &pe) || pe.Status != c.status {
			t.Errorf("previewError(%v) = %+v, want status %d", c.err, pe, c.status)
			continue
		}
		if strings.Contains(pe.Message, "secret") || strings.Contains(pe.Message, "dial") {
			t.Errorf("the message shows the cause: %q", pe.Message)
		}
	}
}
