package labels

import (
	"context"
	"runtime/pprof"
	"testing"
)

func TestGodebugValueIsTheLastOne(t *testing.T) {
	for godebug, want := range map[string]string{
		"":                                    "",
		"tracebacklabels=1":                   "1",
		"x=1, tracebacklabels=0":              "0",
		"tracebacklabels=0,tracebacklabels=1": "1",
		"tracebacklabelsx=1":                  "",
	} {
		if got := godebugValue(godebug, "tracebacklabels"); got != want {
			t.Errorf("godebugValue(%q) = %q, want %q", godebug, got, want)
		}
	}
}

func TestSelfAndContextKeepLabels(t *testing.T) {
	if !Visible() {
		t.Skip("this runtime does not print labels")
	}
	done := make(chan struct{})
	go pprof.Do(context.Background(), pprof.Labels("user", "kept", "k2", `a "quoted" value`), func(context.Context) {
		defer close(done)
		self, ok := ReadSelf()
		if !ok || self.ID == 0 {
			t.Errorf("ReadSelf = %+v, %v", self, ok)
			return
		}
		if got := Current("user"); got != `"kept"` && got != "kept" {
			t.Errorf("Current(user) = %q", got)
		}
		pairs := Pairs(self.Labels)
		if len(pairs) != 4 {
			t.Errorf("Pairs = %q, want two pairs", pairs)
		}
		ctx := Context(self)
		if v, ok := pprof.Label(ctx, "k2"); !ok || v != `a "quoted" value` {
			t.Errorf("Context lost a label: %q, %v", v, ok)
		}
	})
	<-done
}
