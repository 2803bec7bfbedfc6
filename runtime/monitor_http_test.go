package leak

import (
	"encoding/json"
	"expvar"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMonitorHandlerServesReportAsJSON(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.SetAlertThreshold(4)
	h.m.Start()
	h.tick(2)
	h.tick(4)

	rec := httptest.NewRecorder()
	h.m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/debug/goroutines", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	var got MonitorReport
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got), rec.Body.String())
	assert.Equal(t, h.m.Report(), got)

	rec = httptest.NewRecorder()
	h.m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/debug/goroutines", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, rec.Body.String())

	rec = httptest.NewRecorder()
	h.m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/debug/goroutines", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "GET, HEAD", rec.Header().Get("Allow"))
}

var monitorExpvarRuns atomic.Int32

func TestMonitorPublishExpvar(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.Start()
	h.tick(9)

	// expvar names live as long as the process: -count=N needs a new one
	// per run.
	name := fmt.Sprintf("leaklint_monitor_test_%d", monitorExpvarRuns.Add(1))
	require.NoError(t, h.m.PublishExpvar(name))
	var got MonitorReport
	require.NoError(t, json.Unmarshal([]byte(expvar.Get(name).String()), &got))
	assert.Equal(t, 9, got.Last, "expvar shows the live report")

	err := NewGoroutineMonitor().PublishExpvar(name)
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("expvar %q is already published; choose another name", name))

	err = h.m.PublishExpvar("")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "name is empty")
}
