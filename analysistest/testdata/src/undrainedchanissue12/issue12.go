// Package undrainedchanissue12 holds the producers of issue 12 that can
// never block, or that something other than the caller releases.
package undrainedchanissue12

import (
	"context"
	"errors"
	"io"
	"net/http"
)

// A buffer that holds the one value sent: the goroutine never blocks.

func runPeer() <-chan error {
	errc := make(chan error, 1)
	go func() {
		errc <- errors.New("peer gone")
	}()
	return errc
}

func _() {
	_ = runPeer() // ok: the buffer takes the only send
}

func _(stop bool) error {
	errc := runPeer() // ok: received or not, the send never blocks
	if stop {
		return nil
	}
	return <-errc
}

// A buffer of two, and a goroutine that sends once on each of two
// exclusive branches and once more after them: two at most on any path.

func twoAtMost(r io.Reader) <-chan error {
	ch := make(chan error, 2)
	go func() {
		_, err := io.ReadAll(r)
		if err != nil {
			ch <- err
		} else {
			ch <- nil
		}
		ch <- io.EOF
	}()
	return ch
}

func _(r io.Reader) {
	_ = twoAtMost(r) // ok: two sends, two slots
}

// Too small a buffer still blocks.

func threeSends() <-chan int { // want threeSends:`producer\(result 0\)`
	ch := make(chan int, 2)
	go func() {
		ch <- 1
		ch <- 2
		ch <- 3
	}()
	return ch
}

func _() {
	_ = threeSends() // want `the channel from undrainedchanissue12.threeSends is discarded`
}

// One value on every path, whichever branch: one receive takes it.

func watchErrors(r io.Reader) chan error { // want watchErrors:`producer\(result 0, sends once\)`
	ch := make(chan error)
	go func() {
		msg, err := io.ReadAll(r)
		switch {
		case err != nil:
			ch <- err
		case len(msg) > 0:
			ch <- errors.New(string(msg))
		default:
			ch <- nil
		}
		close(ch)
	}()
	return ch
}

func _(r io.Reader) error {
	errc := watchErrors(r) // ok: one send, one receive
	return <-errc
}

func _(r io.Reader) {
	_ = watchErrors(r) // want `the channel from undrainedchanissue12.watchErrors is discarded`
}

// A goroutine that sends and returns inside its loop still sends once.

func firstLine(r io.Reader) <-chan string { // want firstLine:`producer\(result 0, sends once\)`
	ch := make(chan string)
	go func() {
		buf := make([]byte, 1)
		var line []byte
		for {
			if _, err := r.Read(buf); err != nil || buf[0] == '\n' {
				ch <- string(line)
				return
			}
			line = append(line, buf[0])
		}
	}()
	return ch
}

func _(r io.Reader) string {
	return <-firstLine(r) // ok: the one value is taken
}

// Producers that honour their context, started on a context that the
// server cancels when the handler returns.

func ticks(ctx context.Context) <-chan int { // want ticks:`producer\(result 0, ctx param 0 releases\)`
	ch := make(chan int)
	go func() {
		for i := 0; ; i++ {
			select {
			case ch <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// serverStream has the methods of grpc.ServerStream.
type serverStream interface {
	SetHeader(map[string]string) error
	SendHeader(map[string]string) error
	SetTrailer(map[string]string)
	Context() context.Context
	SendMsg(any) error
	RecvMsg(any) error
}

func _(stream serverStream) error {
	ch := ticks(stream.Context()) // ok: the stream's context ends with the handler
	return stream.SendMsg(<-ch)
}

func _(w http.ResponseWriter, r *http.Request) {
	ch := ticks(r.Context()) // ok: net/http cancels the request's context after the handler
	_, _ = w.Write([]byte{byte(<-ch)})
}

// A client's stream lacks SendHeader and SetTrailer: its context is the
// caller's, not the server's.
type clientStream interface {
	Header() (map[string]string, error)
	CloseSend() error
	Context() context.Context
	SendMsg(any) error
	RecvMsg(any) error
}

func _(stream clientStream) error {
	ch := ticks(stream.Context()) // want `ch from undrainedchanissue12.ticks is received only once`
	return stream.SendMsg(<-ch)
}

// A request built here, not a handler's: nobody cancels its context.
func _() int {
	r, _ := http.NewRequest("GET", "/", nil)
	ch := ticks(r.Context()) // want `ch from undrainedchanissue12.ticks is received only once`
	return <-ch
}
