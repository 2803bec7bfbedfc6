package leak

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// httpServer serves "hello" on loopback until the test ends.
func httpServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "hello")
	}))
	t.Cleanup(srv.Close)
	return srv
}

func httpGetAndClose(t *testing.T, c *http.Client, url string) {
	resp, err := c.Get(url)
	require.NoError(t, err)
	_, err = io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
}

// An idle keep-alive connection left in http.DefaultTransport's pool after
// a correctly closed response is the pool's, not the test's.
func TestHTTPIdleConnInDefaultTransportIsNotALeak(t *testing.T) {
	srv := httpServer(t)
	rec := &verifyRecorder{name: "TestDefault"}
	VerifyNoLeaks(rec, func() { httpGetAndClose(t, http.DefaultClient, srv.URL) })
	rec.none(t)
}

// The same with a transport made before the check: its pool outlives it.
func TestHTTPIdleConnInTransportMadeBeforeIsNotALeak(t *testing.T) {
	srv := httpServer(t)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr}
	rec := &verifyRecorder{name: "TestOwnTransport"}
	VerifyNoLeaks(rec, func() { httpGetAndClose(t, c, srv.URL) })
	rec.none(t)
}

// A response body never closed keeps its connection busy: always the
// test's leak, with the advice to close it, and no exclusion hides it.
func TestHTTPUnclosedBodyIsALeak(t *testing.T) {
	srv := httpServer(t)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr}
	var resp *http.Response
	rec := &verifyRecorder{name: "TestUnclosed"}
	VerifyNoLeaks(rec, func() {
		var err error
		resp, err = c.Get(srv.URL)
		require.NoError(t, err)
	}, WithTimeout(20*time.Millisecond))
	defer resp.Body.Close()
	report := rec.single(t)
	verifyContains(t, report, "1 goroutine started by TestUnclosed",
		"1 × select, blocked for", "blocked at  net/http.(*persistConn).readLoop",
		"fix         close the response body")
	assert.NotContains(t, report, "internal/poll.runtime_pollWait\n", "the report points at the connection's loop")
}

// The docs once recommended excluding persistConn for the idle case; the
// unclosed body must not be hidden by built-in rules either way.
func TestHTTPUnclosedBodyThroughDefaultClient(t *testing.T) {
	srv := httpServer(t)
	var resp *http.Response
	rec := &verifyRecorder{name: "TestUnclosed"}
	VerifyNoLeaks(rec, func() {
		var err error
		resp, err = http.Get(srv.URL)
		require.NoError(t, err)
	}, WithTimeout(20*time.Millisecond))
	resp.Body.Close()
	verifyContains(t, rec.single(t), "blocked at  net/http.(*persistConn).readLoop")
}

// A transport made during the check and dropped with an idle connection
// leaves the connection's goroutines behind: reported, with the advice to
// call CloseIdleConnections.
func TestHTTPDroppedTransportIsALeak(t *testing.T) {
	srv := httpServer(t)
	rec := &verifyRecorder{name: "TestDropped"}
	VerifyNoLeaks(rec, func() {
		c := &http.Client{Transport: &http.Transport{}}
		httpGetAndClose(t, c, srv.URL)
	})
	verifyContains(t, rec.single(t), "1 goroutine started by TestDropped",
		"blocked at  net/http.(*persistConn).readLoop", "fix         this idle keep-alive connection belongs to an http.Transport made during the check and dropped: call its CloseIdleConnections")
}

// Closing it is the fix.
func TestHTTPTransportMadeInCheckAndClosedPasses(t *testing.T) {
	srv := httpServer(t)
	rec := &verifyRecorder{name: "TestClosed"}
	VerifyNoLeaks(rec, func() {
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		httpGetAndClose(t, &http.Client{Transport: tr}, srv.URL)
	})
	rec.none(t)
}

// A transport the test's function holds (captured by fn) outlives the
// check, whether or not the test closes it afterwards.
func TestHTTPTransportCapturedByFnIsNotALeak(t *testing.T) {
	srv := httpServer(t)
	c := &http.Client{Transport: &http.Transport{}}
	rec := &verifyRecorder{name: "TestCaptured"}
	VerifyNoLeaks(rec, func() { httpGetAndClose(t, c, srv.URL) })
	rec.none(t)
}

// httpRunM is a TestingM whose Run is a function.
type httpRunM func() int

func (m httpRunM) Run() int { return m() }

// The server's side of an idle keep-alive connection (net/http's
// conn.serve waiting for the next request) belongs to a server that
// outlives the check, as the client's side belongs to the pool: a
// package whose TestMain starts a server before m.Run and closes it
// after the check does not leak.
func TestHTTPIdleServerConnOfServerMadeBeforeIsNotALeak(t *testing.T) {
	srv := httpServer(t)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr}
	var out strings.Builder
	code := CheckTestMain(httpRunM(func() int {
		httpGetAndClose(t, c, srv.URL)
		return 0
	}), &out, WithTimeout(20*time.Millisecond))
	if code != 0 {
		t.Errorf("exit %d, want 0; report:\n%s", code, out.String())
	}
}

// A server started by the tests and never closed still is their leak,
// its idle connections included.
func TestHTTPServerMadeByTheTestsIsALeak(t *testing.T) {
	var srv *httptest.Server
	t.Cleanup(func() { srv.Close() })
	var out strings.Builder
	code := CheckTestMain(httpRunM(func() int {
		srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
		httpGetAndClose(t, srv.Client(), srv.URL)
		return 0
	}), &out, WithTimeout(20*time.Millisecond))
	if code != 1 || !strings.Contains(out.String(), "net/http.(*Server).Serve") {
		t.Errorf("exit %d, want 1 with the server's Serve loop; report:\n%s", code, out.String())
	}
}

// HTTP/2 over TLS with the server's client (its transport made before the
// check): the idle connection's one read loop is its pool's. On Go 1.27
// HTTP/2 lives in net/http/internal/http2, and its read loop was reported.
func TestHTTP2IdleConnInTransportMadeBeforeIsNotALeak(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.Proto)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c := srv.Client()
	rec := &verifyRecorder{name: "TestHTTP2"}
	VerifyNoLeaks(rec, func() {
		resp, err := c.Get(srv.URL)
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, "HTTP/2.0", string(body), "the connection is HTTP/2")
	}, WithTimeout(50*time.Millisecond))
	rec.none(t)
}
