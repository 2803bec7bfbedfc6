// Package expose serves a snapshot of the goroutine monitor's report over
// HTTP, as JSON to read-only requests, and publishes it in expvar without
// the panic expvar.Publish raises on a name already taken.
package expose

import (
	"encoding/json"
	"errors"
	"expvar"
	"fmt"
	"net/http"
)

// Handler serves what report returns as indented JSON to GET and HEAD
// requests and refuses other methods.
func Handler(report func() any) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "the goroutine monitor report is read-only: use GET", http.StatusMethodNotAllowed)
			return
		}
		body, err := json.MarshalIndent(report(), "", "  ")
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

// Expvar publishes report under name in expvar. expvar names are global to
// the process and cannot be removed: an empty name or one already taken is
// an error.
func Expvar(name string, report func() any) (err error) {
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
	expvar.Publish(name, expvar.Func(report))
	return nil
}
