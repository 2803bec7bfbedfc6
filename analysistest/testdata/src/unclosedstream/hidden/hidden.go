package hidden // want package:"provides resources"

// Leak cases modelled on real services and on the bug trackers of
// bodyclose and sqlclosecheck, for must-close streams and for types
// marked //leaklint:mustclose.

import (
	"context"
	"errors"
	"io"
	"log"
	"os"

	"github.com/leaklint/leaklint/stream"
)

var cond bool

var errBusy = errors.New("busy")

func open(ctx context.Context) (*stream.StreamingContext, error) { // want open:"returns resource in result 0"
	if cond {
		return nil, errBusy
	}
	return stream.NewStreamingContext(ctx), nil
}

// The error is tested with errors.Is and every other error returns too.
func _(ctx context.Context) error {
	sc, err := open(ctx) // ok
	if errors.Is(err, errBusy) {
		return nil
	}
	if err != nil {
		return err
	}
	defer sc.Close()
	return sc.Send(1)
}

// errors.Is(err, errBusy) alone leaves a path where err is nil.
func _(ctx context.Context) error {
	sc, err := open(ctx) // want `not closed on the path through the return at line 47`
	if errors.Is(err, errBusy) {
		return err
	}
	return sc.Send(1)
}

// Named results, closed in a deferred closure on every path.
func _(ctx context.Context) (n int, err error) {
	sc, err := open(ctx) // ok
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := sc.Close(); err == nil {
			err = cerr
		}
	}()
	return 1, sc.Send(1)
}

// A deferred closure that closes only on failure, the value kept
// nowhere on success.
func _(ctx context.Context) (err error) {
	sc, err := open(ctx) // want `not closed on the path through the return`
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			sc.Close()
		}
	}()
	return sc.Send(1)
}

// ...and the same shape when success hands the value over.
type conn struct{ sc *stream.StreamingContext }

func (c *conn) _(ctx context.Context) (err error) {
	sc, err := open(ctx) // ok
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			sc.Close()
		}
	}()
	if err = sc.Send(1); err != nil {
		return err
	}
	c.sc = sc
	return nil
}

// A nil check on the value instead of the error.
func _(ctx context.Context) {
	sc, _ := open(ctx) // ok
	if sc == nil {
		return
	}
	defer sc.Close()
}

// Created in a loop and closed at the end of the iteration.
func _(ctx context.Context, jobs []int) error {
	for _, j := range jobs {
		sc, err := open(ctx) // ok
		if err != nil {
			return err
		}
		err = sc.Send(j)
		sc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// Created in a loop, closed only after it.
func _(ctx context.Context, jobs []int) {
	var sc *stream.StreamingContext
	for _, j := range jobs {
		sc = stream.NewStreamingContext(ctx) // want `in a loop is not closed before the next iteration`
		sc.Send(j)
	}
	if sc != nil {
		sc.Close()
	}
}

// `continue` skips the close.
func _(ctx context.Context, jobs []int) {
	for _, j := range jobs {
		sc := stream.NewStreamingContext(ctx) // want `in a loop is not closed before the next iteration`
		if j < 0 {
			continue
		}
		sc.Send(j)
		sc.Close()
	}
}

// Collected in a slice that is closed at the end.
func _(ctx context.Context, n int) {
	var all []*stream.StreamingContext
	defer func() {
		for _, sc := range all {
			sc.Close()
		}
	}()
	for range n {
		all = append(all, stream.NewStreamingContext(ctx)) // ok
	}
}

// Put in a struct literal that is returned.
type pair struct {
	a, b *stream.StreamingContext
}

func _(ctx context.Context) pair {
	a := stream.NewStreamingContext(ctx)                  // ok
	return pair{a: a, b: stream.NewStreamingContext(ctx)} // ok
}

// Put in a local struct literal that is dropped.
func _(ctx context.Context) {
	p := pair{a: stream.NewStreamingContext(ctx)} // want `not closed`
	_ = p
}

// Handed to a function as an io.Closer and closed there.
func closeAll(cs ...io.Closer) {
	for _, c := range cs {
		c.Close()
	}
}

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok
	defer closeAll(sc)
	sc.Send(1)
}

// Kept as an io.Closer in a local list closed by a deferred loop.
func _(ctx context.Context) {
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	sc := stream.NewStreamingContext(ctx) // ok
	closers = append(closers, sc)
	sc.Send(1)
}

// A generic wrapper returning a must-close value is a constructor.
func make2[T any](ctx context.Context, v T) *stream.StreamingContext { // want make2:"returns resource in result 0"
	sc := stream.NewStreamingContext(ctx)
	sc.Send(v)
	return sc
}

func _(ctx context.Context) {
	sc := make2(ctx, "x") // want `not closed`
	sc.Send(2)
}

func _(ctx context.Context) {
	sc := make2(ctx, 1) // ok
	defer sc.Close()
}

// A type parameter in the must-close position.
func openAs[S interface{ Close() error }](f func() S) S {
	return f()
}

func _(ctx context.Context) {
	s := openAs(func() *stream.StreamingContext { return stream.NewStreamingContext(ctx) }) // ok: not seen as a constructor, not reported
	_ = s
}

// A method value deferred.
func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok
	defer sc.Close()
	closeFn := sc.Close
	_ = closeFn
}

// os.Exit and log.Fatalf end the process.
func _(ctx context.Context) {
	sc, err := open(ctx) // ok
	if err != nil {
		log.Fatalf("open: %v", err)
	}
	if sc.Send(1) != nil {
		os.Exit(1)
	}
	sc.Close()
}

// A switch where one case forgets.
func _(ctx context.Context, mode int) error {
	sc := stream.NewStreamingContext(ctx) // want `not closed on the path through the return at line 257`
	switch mode {
	case 0:
		return sc.Close()
	case 1:
		return errors.New("unsupported")
	}
	defer sc.Close()
	return nil
}

// Sent to a closer goroutine.
func _(ctx context.Context, closeq chan<- io.Closer) {
	sc := stream.NewStreamingContext(ctx) // ok
	closeq <- sc
}

// Closed by a goroutine after its work.
func _(ctx context.Context) {
	b := stream.NewStreamingResultBuilder(ctx) // ok
	go func() {
		defer b.Close()
		b.Add(stream.Chunk{})
	}()
}

// A closure that would close it, never called.
func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // want `not closed`
	cleanup := func() { sc.Close() }
	_ = cleanup
}

// A value-dependent release in a loop that certainly reaches it.
func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok
	for i := range 1000 {
		if i == 500 {
			sc.Close()
		}
		sc.Send(i)
	}
}

// ... and one whose branch lies past the loop's end.
func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // want `not closed`
	for i := range 10 {
		if i == 500 {
			sc.Close()
		}
	}
}

// The loop may end early before the release.
func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // want `not closed`
	for i := range 1000 {
		if sc.Send(i) != nil {
			break
		}
		if i == 500 {
			sc.Close()
		}
	}
}

// An interface-implementing must-close type.
//
//leaklint:mustclose
type Tx struct{ done bool } // want Tx:"must be released by Close"

func (t *Tx) Close() error { t.done = true; return nil } // want Close:"ignores param 0"
func (t *Tx) Exec() error  { return nil }                // want Exec:"ignores param 0"

func Begin() (*Tx, error) { return &Tx{}, nil } // want Begin:"returns resource in result 0"

func _() error {
	tx, err := Begin() // want `the Tx created here is not closed on the path through the return at line 335`
	if err != nil {
		return err
	}
	if err := tx.Exec(); err != nil {
		return err
	}
	return tx.Close()
}

func _() error {
	tx, err := Begin() // ok: closed through io.Closer
	if err != nil {
		return err
	}
	var c io.Closer = tx
	defer c.Close()
	return tx.Exec()
}

// Recursion: a helper that closes after recursing.
func drain(sc *stream.StreamingContext, n int) { // want drain:"releases param 0"
	if n == 0 {
		sc.Close()
		return
	}
	drain(sc, n-1)
}

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok
	drain(sc, 3)
}

// goto to a shared cleanup label.
func _(ctx context.Context) error {
	sc := stream.NewStreamingContext(ctx) // ok
	var err error
	if err = sc.Send(1); err != nil {
		goto out
	}
	err = sc.Send(2)
out:
	sc.Close()
	return err
}
