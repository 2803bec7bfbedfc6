package use

import (
	"errors"
	"io"
	"strings"

	"unclosedstream/fieldtypes/api"
)

func _() error {
	r, err := api.Call(strings.NewReader("x")) // want `the Stream of the Reply created here is not closed on the path through the return at line 17: it leaks`
	if err != nil {
		return err
	}
	if r.Code != 0 {
		return errors.New("failed")
	}
	return r.Stream.Close()
}

func _() ([]byte, error) {
	r, err := api.Call(strings.NewReader("x")) // ok
	if err != nil {
		return nil, err
	}
	defer r.Stream.Close()
	return io.ReadAll(r.Stream)
}

func _() int {
	c := api.Open() // want `the Cursor created here is not closed on the path through the return at line 36`
	n := 0
	for c.Advance() {
		if n > 10 {
			return n
		}
		n++
	}
	return n
}
