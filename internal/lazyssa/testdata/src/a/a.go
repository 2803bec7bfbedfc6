package a

import (
	"bufio"
	"context"
	"errors"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"
)

// embeds promotes sync.Mutex's methods.
type embeds struct {
	sync.Mutex
	n int
}

func uses(r io.Reader) error {
	var mu sync.Mutex
	mu.Lock() // a method of an imported type, by pointer
	defer mu.Unlock()
	var e embeds
	e.Lock()           // promoted
	unlock := e.Unlock // method value: a bound wrapper calls it
	unlock()
	var v atomic.Pointer[int] // a method of an imported generic type
	v.Store(nil)
	s := bufio.NewScanner(r) // a function
	for s.Scan() {
		_ = strings.ToUpper(s.Text())
	}
	_ = os.Args           // a variable
	_ = math.MaxInt64 - 1 // a constant
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	<-ctx.Done()                       // an interface method
	thunk := (*strings.Builder).String // method expression
	_ = thunk(new(strings.Builder))
	return errors.Join(s.Err(), io.EOF)
}
