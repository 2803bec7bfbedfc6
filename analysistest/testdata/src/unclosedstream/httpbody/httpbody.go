package httpbody // want package:"provides resources"

// An *http.Response is released by closing its Body, which holds the
// connection and the goroutines that serve it.

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
)

type user struct{ Name string }

// The classic: a non-200 status returns before the body is closed.
func fetch(c *http.Client, url string) (*user, error) {
	resp, err := c.Get(url) // want `the Body of the Response created here is not closed on the path through the return at line 26: its connection and the goroutines serving it leak`
	if err != nil {
		return nil, err // ok: no response on the error path
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	defer resp.Body.Close()
	var u user
	return &u, json.NewDecoder(resp.Body).Decode(&u)
}

func fetchFixed(c *http.Client, url string) (*user, error) {
	resp, err := c.Get(url) // ok
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	var u user
	return &u, json.NewDecoder(resp.Body).Decode(&u)
}

// Read to the end and never closed.
func readAll(url string) ([]byte, error) {
	resp, err := http.Get(url) // want `the Body of the Response created here is not closed`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

func discarded(url string) {
	http.Get(url) // want `the Response created here is discarded, so its Body is never closed`
}

func blankResponse(url string) error {
	_, err := http.Head(url) // want `the Response created here is discarded`
	return err
}

// Closed through a copy of the field.
func closeCopy(req *http.Request) error {
	resp, err := http.DefaultClient.Do(req) // ok
	if err != nil {
		return err
	}
	body := resp.Body
	defer body.Close()
	_, err = io.Copy(io.Discard, body)
	return err
}

// A nil check instead of the error.
func nilCheck(url string) int {
	resp, _ := http.Get(url) // ok
	if resp == nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Returned, the body is the caller's.
func open(url string) (io.ReadCloser, error) {
	resp, err := http.Get(url) // ok
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// do returns the response to its caller: a constructor.
func do(c *http.Client, req *http.Request) (*http.Response, error) { // want do:"returns resource in result 0"
	return c.Do(req)
}

func viaHelper(c *http.Client, req *http.Request) error {
	resp, err := do(c, req) // want `the Body of the Response created here is not closed`
	if err != nil {
		return err
	}
	if resp.StatusCode >= 400 {
		return errors.New(resp.Status)
	}
	return resp.Body.Close()
}

// drainAndClose releases what it is given.
func drainAndClose(resp *http.Response) { // want drainAndClose:"releases param 0"
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}

func handedToCloser(url string) error {
	resp, err := http.Get(url) // ok
	if err != nil {
		return err
	}
	defer drainAndClose(resp)
	return nil
}

// closeQuietly closes through io.Closer.
func closeQuietly(c io.Closer) { _ = c.Close() }

func closedAsCloser(url string) error {
	resp, err := http.Get(url) // ok
	if err != nil {
		return err
	}
	defer closeQuietly(resp.Body)
	return nil
}

// peek reads but does not close.
func peek(r io.ReadCloser) { _, _ = r.Read(make([]byte, 1)) }

func handedToReader(url string) error {
	resp, err := http.Get(url) // want `the Body of the Response created here is not closed`
	if err != nil {
		return err
	}
	peek(resp.Body)
	return nil
}

// httputil.DumpResponse reads the body and puts a copy back; the
// response is still open.
func dumped(url string) ([]byte, error) {
	resp, err := http.Get(url) // ok
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return httputil.DumpResponse(resp, true)
}

// Printing the response does not close it.
func printed(url string) {
	resp, err := http.Get(url) // want `the Body of the Response created here is not closed`
	if err != nil {
		return
	}
	fmt.Println(resp)
}

// A wrapper whose result is dropped keeps nothing.
func wrappedAndDropped(w http.ResponseWriter, url string) {
	resp, err := http.Get(url) // want `the Body of the Response created here is not closed`
	if err != nil {
		return
	}
	_ = http.MaxBytesReader(w, resp.Body, 1<<20)
}

// A closure that is never called closes nothing.
func closureNotCalled(url string) {
	resp, _ := http.Get(url) // want `the Body of the Response created here is not closed`
	_ = func() { resp.Body.Close() }
}

func closureCalled(url string) {
	resp, _ := http.Get(url) // ok
	closeIt := func() { resp.Body.Close() }
	closeIt()
}

// Kept in a struct that outlives the call.
type result struct{ resp *http.Response }

func kept(url string) (*result, error) {
	resp, err := http.Get(url) // ok
	if err != nil {
		return nil, err
	}
	return &result{resp: resp}, nil
}

// A handler does not own the request body: the server closes it.
func handler(w http.ResponseWriter, r *http.Request) {
	var u user
	if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, u.Name)
}

// A recorder's response is in memory.
func recorded(h http.Handler, r *http.Request) int {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	resp := w.Result() // ok
	return resp.StatusCode
}

// A test server's client response is a real one; closing the server on
// the way out closes its connections.
func againstTestServer(h http.Handler) (int, error) {
	srv := httptest.NewServer(h)
	resp, err := srv.Client().Get(srv.URL) // want `the Body of the Response created here is not closed`
	if err != nil {
		return 0, err
	}
	srv.Close()
	return resp.StatusCode, nil
}

func againstClosedTestServer(h http.Handler) (int, error) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL) // ok
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

type cleaner interface{ Cleanup(func()) }

func againstCleanedTestServer(t cleaner, h http.Handler) {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	_, _ = http.Get(srv.URL) // ok
}

// RoundTrip is the transport layer, through the interface (as often a
// test's fake as a transport) or a Transport: not a constructor.
func roundTrip(rt http.RoundTripper, req *http.Request) (int, error) {
	resp, err := rt.RoundTrip(req) // ok
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func transportRoundTrip(rt *http.Transport, req *http.Request) (int, error) {
	resp, err := rt.RoundTrip(req) // ok
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// Responses made in a loop must be closed in the same iteration.
func poll(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `the Body of the Response created here is closed by a defer inside a loop`
		if err != nil {
			continue
		}
		defer resp.Body.Close()
	}
}

// A getter hands out what it holds.
type cache struct{ last *http.Response }

func (c *cache) Last() *http.Response { return c.last } // want Last:"borrows result 0"

func useGetter(c *cache) int {
	resp := c.Last() // ok: not fresh
	return resp.StatusCode
}

// A response read from a connection the caller owns holds nothing of
// its own.
func readFrom(br *bufio.Reader, req *http.Request) (int, error) {
	resp, err := http.ReadResponse(br, req) // ok
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// An HTTP client behind an interface of this package.
type doer interface {
	Do(*http.Request) (*http.Response, error)
}

func viaDoer(d doer, req *http.Request) error {
	resp, err := d.Do(req) // want `the Body of the Response created here is not closed on the path through the return at line 310`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return resp.Body.Close()
}

// A redirect followed by hand: the second response overwrites the
// variable, and only the first is wrapped for the caller.
type wrapped struct{ r *http.Response }

func followOnce(c *http.Client, req *http.Request) (*wrapped, error) {
	resp, err := c.Do(req) // ok: wrapped below
	if err != nil {
		return nil, err
	}
	out := &wrapped{r: resp}
	if resp.StatusCode == http.StatusTemporaryRedirect {
		resp, err = c.Do(req) // want `the Body of the Response created here is not closed on the path through the return at line 331`
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
