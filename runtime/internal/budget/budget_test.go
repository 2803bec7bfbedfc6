package budget

import (
	"runtime"
	"testing"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

func TestGraceScalesWithTimeoutAndRace(t *testing.T) {
	want := GraceFactor * 400 * time.Millisecond
	if Race() {
		want = RaceGraceFactor * 400 * time.Millisecond
	}
	if got := Grace(400 * time.Millisecond); got != want {
		t.Errorf("Grace(400ms) = %v, want %v (race: %v)", got, want, Race())
	}
	if got := Grace(0); got != 0 {
		t.Errorf("Grace(0) = %v: checking once must not wait", got)
	}
}

func TestProgressing(t *testing.T) {
	for state, want := range map[string]bool{
		"sleep": true, "runnable": true, "running": true, "syscall": true, "preempted": true,
		"chan receive": false, "select": false, "IO wait": false, "sync.Mutex.Lock": false,
	} {
		if got := Progressing(&stack.Goroutine{State: []byte(state)}); got != want {
			t.Errorf("Progressing(%q) = %v, want %v", state, got, want)
		}
	}
	if Progressing(&stack.Goroutine{State: []byte("sleep"), Leaked: true}) {
		t.Error("a goroutine the collector proved stuck is not progressing")
	}
}

func TestSleep(t *testing.T) {
	for _, tc := range []struct {
		dump string
		want time.Duration
		ok   bool
	}{
		{"goroutine 7 [sleep]:\ntime.Sleep(0x34630b8a000)\n\t/go/src/runtime/time.go:363 +0x165\nmain.f()\n\t/x/f.go:3 +0x26\n", time.Hour, true},
		{"goroutine 7 [sleep]:\ntime.Sleep(0x34630b8a000?)\n\t/go/src/runtime/time.go:363 +0x165\n", 0, false},
		{"goroutine 7 [sleep]:\ntime.Sleep(...)\n\t/go/src/runtime/time.go:363 +0x165\n", 0, false},
		{"goroutine 7 [chan receive]:\ntime.Sleep(0x10)\n\t/go/src/runtime/time.go:363 +0x165\n", 0, false},
		{"goroutine 7 [sleep]:\nmain.Sleep(0x10)\n\t/x/f.go:3 +0x26\n", 0, false},
		{"goroutine 7 [sleep]:\ntime.Sleep(0xffffffffffffffffff)\n\t/go/src/runtime/time.go:363 +0x165\n", 0, false},
		{"goroutine 7 [sleep]:\ntime.Sleep(0x", 0, false},
	} {
		var g stack.Goroutine
		it := stack.NewDump([]byte(tc.dump))
		if !it.Next(&g) {
			t.Fatalf("no goroutine in %q", tc.dump)
		}
		if got, ok := Sleep(&g); got != tc.want || ok != tc.ok {
			t.Errorf("Sleep(%q) = %v, %v; want %v, %v", tc.dump, got, ok, tc.want, tc.ok)
		}
	}
}

// The runtime prints a goroutine parked in time.Sleep as Sleep reads it.
func TestSleepReadsRuntimeDump(t *testing.T) {
	parked := make(chan struct{})
	go func() {
		close(parked)
		time.Sleep(time.Hour + 7)
	}()
	<-parked
	for try := 0; try < 1000; try++ {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var g stack.Goroutine
		for it := stack.NewDump(buf); it.Next(&g); {
			if d, ok := Sleep(&g); ok {
				if d != time.Hour+7 {
					t.Fatalf("Sleep = %v, want %v", d, time.Hour+7)
				}
				return
			}
		}
		runtime.Gosched()
	}
	t.Fatal("no goroutine read as asleep in time.Sleep")
}
