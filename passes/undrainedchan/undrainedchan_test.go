package undrainedchan_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/undrainedchan"
)

func testdata(*testing.T) string { return passtest.Testdata() }

func TestUndrainedchan(t *testing.T) {
	analysistest.Run(t, testdata(t), undrainedchan.Analyzer, "undrainedchanprod", "undrainedchan")
}

func TestProducersFlag(t *testing.T) {
	a := undrainedchan.New(undrainedchan.Config{})
	if err := a.Flags.Set("producers", "undrainedchanprod.Buffered"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata(t), a, "undrainedchanflag")
}

func TestFlagsArePerInstance(t *testing.T) {
	a := undrainedchan.New(undrainedchan.Config{})
	if err := a.Flags.Set("producers", "example.com/p.F"); err != nil {
		t.Fatal(err)
	}
	b := undrainedchan.New(undrainedchan.Config{})
	if got := b.Flags.Lookup("producers").Value.String(); got != "" {
		t.Errorf("a second analyzer sees the first one's producers: %q", got)
	}
	if got := undrainedchan.Analyzer.Flags.Lookup("producers").Value.String(); got != "" {
		t.Errorf("the default analyzer sees a configured one's producers: %q", got)
	}
}

// TestHeldoutA holds the real leaks of the held-out-a corpora (serf).
func TestHeldoutA(t *testing.T) {
	analysistest.Run(t, testdata(t), undrainedchan.Analyzer, "heldouta/undrainedchan")
}
