//go:build !noleaklint

package child

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	leak "github.com/leaklint/leaklint/runtime"

	"github.com/leaklint/leaklint/eval/goker/wire"
)

// recorder is the TestingT VerifyNoLeaks reports to: it keeps the messages
// instead of failing a test, since there is no test here. Name gives the JSON
// report a stable file name.
type recorder struct {
	mu   sync.Mutex
	msgs []string
}

func (r *recorder) Helper()      {}
func (r *recorder) Name() string { return "goker" }

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// runLeaklint runs f under leak.VerifyNoLeaks with the package defaults and
// returns the text it reported, followed by any JSON reports it wrote to
// LEAKLINT_REPORT_DIR.
func runLeaklint(f func()) string {
	rec := &recorder{}
	leak.VerifyNoLeaks(rec, f)
	var b strings.Builder
	rec.mu.Lock()
	for _, m := range rec.msgs {
		b.WriteString(m)
		b.WriteString("\n")
	}
	rec.mu.Unlock()
	if dir := os.Getenv("LEAKLINT_REPORT_DIR"); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		sort.Strings(files)
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil {
				b.WriteString(wire.JSONReportMarker)
				b.Write(data)
			}
		}
	}
	return b.String()
}
