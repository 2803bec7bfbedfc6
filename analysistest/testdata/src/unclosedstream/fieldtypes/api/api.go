package api // want package:"provides resources"

import "io"

// Reply is released by closing its Stream, configured as
// unclosedstream/fieldtypes/api.Reply.Stream:Close.
type Reply struct {
	Code   int
	Stream io.ReadCloser
}

type nopCloser struct{ io.Reader }

func (nopCloser) Close() error { return nil }

// Call is a constructor by its result type: a literal Reply holds what
// was put in it, so inference sees nothing fresh here.
func Call(r io.Reader) (*Reply, error) {
	return &Reply{Stream: nopCloser{r}}, nil
}

// Cursor is released by Close, or by Advance returning false, configured
// as unclosedstream/fieldtypes/api.Cursor:Close:Advance.
type Cursor struct{ n int }

func (c *Cursor) Advance() bool { c.n--; return c.n > 0 } // want Advance:"ignores param 0"
func (c *Cursor) Close()        {}                        // want Close:"ignores param 0"

func Open() *Cursor { return &Cursor{n: 3} } // want Open:"returns resource in result 0"
