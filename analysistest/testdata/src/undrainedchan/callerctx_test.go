package undrainedchan

import "testing"

func TestFirstEvent(t *testing.T) {
	ctx := t.Context()
	h := &testedChecker{}
	done := make(chan int, 1)
	go func() {
		done <- h.firstEvent(ctx)
	}()
	<-done
}
