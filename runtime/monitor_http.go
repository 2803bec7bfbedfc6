package leak

import (
	"encoding/json"
	"errors"
	"expvar"
	"fmt"
	"net/http"
)

// Handler returns an http.Handler that serves the monitor's Report as JSON
// to GET and HEAD requests, for example under /debug/goroutines.
func (m *GoroutineMonitor) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "the goroutine monitor report is read-only: use GET", http.StatusMethodNotAllowed)
			return
		}
		body, err := json.MarshalIndent(m.Report(), "", "  ")
		if err != nil { // the report holds only plain data; this is a bug
			http.Error(w, "leak: encoding the monitor report: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = w.Write(append(body, '\n'))
		}
	})
}

// PublishExpvar publishes the monitor's Report under name in expvar, so that
// /debug/vars shows it. expvar names are global to the process and cannot be
// removed, so publish each monitor once, under a name nothing else uses.
func (m *GoroutineMonitor) PublishExpvar(name string) (err error) {
	if name == "" {
		return errors.New("leak: GoroutineMonitor.PublishExpvar: name is empty; pass a name such as \"goroutine_monitor\"")
	}
	if expvar.Get(name) != nil {
		return fmt.Errorf("leak: GoroutineMonitor.PublishExpvar: expvar %q is already published; choose another name", name)
	}
	// expvar.Publish panics on a duplicate: another goroutine may have
	// taken the name since the check above.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("leak: GoroutineMonitor.PublishExpvar: expvar %q: %v", name, r)
		}
	}()
	expvar.Publish(name, expvar.Func(func() any { return m.Report() }))
	return nil
}
