package stacktest

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// StopService stops one of the stack's services (keycloak, minio,
// kube-apiserver, ...) through pkstack's control endpoint, and starts it
// again when the test ends, whatever happens in between.
func StopService(t testing.TB, name string) {
	t.Helper()
	control(t, name, "stop")
	t.Cleanup(func() { control(t, name, "start") })
}

// StartService starts a service that StopService stopped and waits until
// it is ready; starting a running service changes nothing.
func StartService(t testing.TB, name string) {
	t.Helper()
	control(t, name, "start")
}

func control(t testing.TB, name, verb string) {
	t.Helper()
	base := Getenv(t, "PKSTACK_CONTROL_URL")
	c := &http.Client{Timeout: 5 * time.Minute}
	resp, err := c.Post(base+"/services/"+name+"/"+verb, "text/plain", nil)
	if err != nil {
		t.Fatalf("%s %s: %v", verb, name, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", verb, name, resp.StatusCode, strings.TrimSpace(string(body)))
	}
}
