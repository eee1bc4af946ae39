package main

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/prokube/pkadmin/internal/devstack"
)

// serveControl lets the tests that pkstack runs stop and start one of
// the stack's services, to check how the portal behaves while a service
// is down and after it is back. It listens on a random loopback port and
// returns its URL:
//
//	POST /services/{name}/stop
//	POST /services/{name}/start   (answers once the service is ready)
func serveControl(ctx context.Context, st *devstack.Stack) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /services/{name}/stop", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if !st.StopService(name) {
			http.Error(w, "not running: "+name, http.StatusNotFound)
			return
		}
		logf("%s stopped by a test", name)
	})
	mux.HandleFunc("POST /services/{name}/start", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if err := st.StartService(r.Context(), name); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		logf("%s started again by a test", name)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	return "http://" + ln.Addr().String(), nil
}
