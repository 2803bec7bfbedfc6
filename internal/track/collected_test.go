package track

import "testing"

func TestOnCollectedFansOutUntilStopped(t *testing.T) {
	var a, b []Collected
	stopA := OnCollected(func(c Collected) { a = append(a, c) })
	stopB := OnCollected(func(c Collected) { b = append(b, c) })
	first := Collected{Kind: "StreamingContext", Origin: "/src/x.go:3"}
	ReportCollected(first)
	stopA()
	stopA() // idempotent
	second := Collected{Kind: "StreamingResultBuilder"}
	ReportCollected(second)
	stopB()
	ReportCollected(Collected{Kind: "unheard"})
	if len(a) != 1 || a[0] != first {
		t.Fatalf("stopped listener saw %v, want only %v", a, first)
	}
	if len(b) != 2 || b[0] != first || b[1] != second {
		t.Fatalf("listener saw %v, want [%v %v]", b, first, second)
	}
}

func TestOnCollectedListenerMayStopItself(t *testing.T) {
	calls := 0
	var stop func()
	stop = OnCollected(func(Collected) { calls++; stop() })
	ReportCollected(Collected{Kind: "k"})
	ReportCollected(Collected{Kind: "k"})
	if calls != 1 {
		t.Fatalf("listener called %d times, want 1 (it stopped itself)", calls)
	}
}

func TestOnCollectedNilPanicsWithMessage(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("OnCollected(nil) did not panic")
		}
	}()
	OnCollected(nil)
}
