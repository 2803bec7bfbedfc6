package expose

import (
	"expvar"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHandler(t *testing.T) {
	h := Handler(func() any { return map[string]int{"samples": 3} })

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/debug/goroutines", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.JSONEq(t, `{"samples": 3}`, rec.Body.String())

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/debug/goroutines", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, rec.Body.String())

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/debug/goroutines", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "GET, HEAD", rec.Header().Get("Allow"))

	rec = httptest.NewRecorder()
	Handler(func() any { return func() {} }).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
}

// expvarRuns counts TestExpvar's runs in this process.
var expvarRuns int

func TestExpvar(t *testing.T) {
	require.ErrorContains(t, Expvar("", nil), "name is empty")
	// expvar names live as long as the process: a fresh one per run keeps
	// the test repeatable under -count=N.
	expvarRuns++
	name := fmt.Sprintf("leaklint_expose_test_%d", expvarRuns)
	require.NoError(t, Expvar(name, func() any { return 7 }))
	assert.Equal(t, "7", expvar.Get(name).String())
	require.ErrorContains(t, Expvar(name, func() any { return 8 }), "already published")
}
