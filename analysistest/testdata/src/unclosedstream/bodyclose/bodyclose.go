package bodyclose // want package:"provides resources"

// The shapes of bodyclose's own test cases (github.com/timakin/bodyclose,
// passes/bodyclose/testdata), written anew. Where leaklint's rules
// disagree with bodyclose's expectation, the case says why.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"unclosedstream/bodyclose/handled"
)

const site = "http://example.invalid/"

// Closed after an empty error check, twice in a row.
func closedTwice() {
	a, err := http.Get(site) // ok
	if err != nil {
		_ = err
	}
	a.Body.Close()
	b, err := http.Get(site) // ok
	if err != nil {
		_ = err
	}
	b.Body.Close()
}

// Closed through a copy of the field, before or after the error check.
func closedThroughCopy() {
	a, err := http.Get(site) // ok
	if err != nil {
		_ = err
	}
	body := a.Body
	body.Close()
	b, err := http.Get(site) // ok
	bodyB := b.Body
	bodyB.Close()
	_ = err
}

func closedByDefer() {
	r, err := http.Get(site) // ok
	if err != nil {
		return
	}
	defer r.Body.Close()
}

// Printed, its status read, its body printed: never closed.
func usedNotClosed() {
	r, err := http.Get(site) // want `the Body of the Response created here is not closed`
	if err != nil {
		_ = err
	}
	fmt.Print(r)
	r, err = http.Get(site) // want `the Body of the Response created here is not closed`
	if err != nil {
		_ = err
	}
	fmt.Print(r.Status)
	r, err = http.Get(site) // want `the Body of the Response created here is not closed`
	if err != nil {
		_ = err
	}
	fmt.Print(r.Body)
}

func blankResponse() {
	_, err := http.Get(site) // want `the Response created here is discarded, so its Body is never closed`
	if err != nil {
		_ = err
	}
}

func statement() {
	http.Get(site) // want `the Response created here is discarded`
}

func closerCalled() {
	r, _ := http.Get(site) // ok
	closeIt := func() { r.Body.Close() }
	closeIt()
}

func closerNeverCalled() {
	r, _ := http.Get(site) // want `the Body of the Response created here is not closed`
	_ = func() { r.Body.Close() }
}

func insideClosure() {
	_ = func() {
		r, _ := http.Get(site) // ok
		r.Body.Close()
	}
}

func closerWithParam() {
	r, _ := http.Get(site) // ok
	closeIt := func(x *http.Response) { x.Body.Close() }
	closeIt(r)
}

func shut(r *http.Response) { r.Body.Close() } // want shut:"releases param 0"

func handedToShut() {
	r, _ := http.Get(site) // ok
	shut(r)
}

// consume reads the body and panics on error; it does not close it.
func consume(r *http.Response) { // want consume:"ignores param 0"
	if _, err := io.ReadAll(r.Body); err != nil {
		panic(err)
	}
}

// finish consumes, then closes.
func finish(r *http.Response) { // want finish:"releases param 0"
	consume(r)
	defer r.Body.Close()
}

func handedToConsume() {
	r, err := http.Get(site) // want `the Body of the Response created here is not closed`
	if err != nil {
		panic(err)
	}
	consume(r)
}

func handedToFinish() {
	r, err := http.Get(site) // ok
	if err != nil {
		panic(err)
	}
	defer finish(r)
}

// A deferred literal that takes the body and drops it.
func deferredDrop() {
	r, _ := http.Get(site) // want `the Body of the Response created here is not closed`
	defer func(b io.ReadCloser) {}(r.Body)
}

// A local helper that returns the response is a constructor; a comment
// addressed to bodyclose changes nothing (bodyclose stays silent here).
func fetchLocal() (*http.Response, error) { // want fetchLocal:"returns resource in result 0"
	return http.Get(site)
}

func discardedFromHelpers() {
	_, _ = fetchLocal()        // want `the Response created here is discarded`
	_, _ = handled.Fetch(site) // want `the Response created here is discarded`
}

func returnedThenClosed() {
	r := fetchNoErr() // ok
	r.Body.Close()
}

func fetchNoErr() *http.Response { // want fetchNoErr:"returns resource in result 0"
	r, _ := http.Get(site)
	return r
}

// The body handed to the caller, as the closer or the reader.
func bodyAsReadCloser(url string) (io.ReadCloser, error) {
	r, err := http.DefaultClient.Get(url) // ok
	if err != nil {
		return nil, err
	}
	return r.Body, nil
}

func bodyAsCloser(url string) (io.Closer, error) {
	r, err := http.DefaultClient.Get(url) // ok
	if err != nil {
		return nil, err
	}
	return r.Body, nil
}

func quietly(c io.Closer) { _ = c.Close() }

func deferredQuietly() {
	r, _ := http.Get(site) // ok
	defer quietly(r.Body)
}

func deferredClosure() {
	r, _ := http.Get(site) // ok
	defer func() { _ = r.Body.Close() }()
}

func deferredPrint() {
	r, err := http.DefaultClient.Do(nil) // ok
	if err != nil {
		_ = err
	}
	defer func() { fmt.Println(r.Body.Close()) }()
}

func report(msg string, err error) { fmt.Println(msg, err) }

func deferredReport() {
	r, _ := http.Get(site) // ok
	defer func() { report("closed", r.Body.Close()) }()
}

// Kept in a global: whoever reads it closes it.
var last *http.Response

func globalClosed() {
	last, _ = http.Get(site) // ok
	last.Body.Close()
}

func globalKept() {
	last, _ = http.Get(site) // ok
}

func keep(io.ReadCloser) {}

func bodyToNoop() {
	r, _ := http.Get(site) // want `the Body of the Response created here is not closed`
	keep(r.Body)
}

func bodyLimitedAndDropped() {
	r, _ := http.Get(site) // want `the Body of the Response created here is not closed`
	_ = http.MaxBytesReader(nil, r.Body, 1024)
}

// Stored in a field of a heap struct.
type holder struct{ resp *http.Response }

func (h *holder) get() *http.Response { return h.resp } // want get:"borrows result 0"

func inField() {
	h := &holder{}
	h.resp, _ = http.Get(site) // ok
	_ = h.resp.Body.Close()
}

func inFieldClosedViaGetter() {
	h := &holder{}
	h.resp, _ = http.Get(site) // ok
	_ = h.get().Body.Close()
}

// A recorder's response is in memory, closed or not.
func recorderClosed() {
	w := httptest.NewRecorder()
	r := w.Result() // ok
	defer func() { _ = r.Body.Close() }()
	_, _ = io.ReadAll(r.Body)
}

func recorderOpen() {
	w := httptest.NewRecorder()
	r := w.Result() // ok
	_, _ = io.ReadAll(r.Body)
}

// Drained in a deferred closure, then closed.
func drainedThenClosed() {
	r, _ := http.Get(site) // ok
	defer func() {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}()
}

// A handler reads the request body, which is the server's to close.
func serve(w http.ResponseWriter, req *http.Request) {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{})
	_, _ = io.Copy(w, req.Body)
}

// Assigned on one branch, closed after it.
func assignedOnBranch(cond bool) {
	var r *http.Response
	if cond {
		r, _ = http.Get(site) // ok
	}
	defer r.Body.Close()
}

// bodyclose's consumption mode wants these reported as closed but not
// read to the end. Leaklint asks whether the body is closed: it is.
func closedNotRead() {
	r, err := http.Get(site) // ok
	if err != nil {
		return
	}
	defer r.Body.Close()
}

func closedAndScanned() {
	r, err := http.Get(site) // ok
	if err != nil {
		return
	}
	defer r.Body.Close()
	s := bufio.NewScanner(r.Body)
	for s.Scan() {
		_ = s.Text()
	}
}

func closedAndDecoded() {
	r, err := http.Get(site) // ok
	if err != nil {
		return
	}
	defer r.Body.Close()
	var v map[string]any
	_ = json.NewDecoder(r.Body).Decode(&v)
}

func drainClose(r *http.Response) { // want drainClose:"releases param 0"
	if r != nil && r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
}

func deferredDrainClose() {
	r, err := http.Get(site) // ok
	if err != nil {
		return
	}
	defer drainClose(r)
}

func neitherClosedNorRead() {
	r, err := http.Get(site) // want `the Body of the Response created here is not closed`
	if err != nil {
		return
	}
	_ = r
}
