// Package ledger keeps the books of a StreamingResourceGuard: which
// streams are registered and still open, and where each was registered;
// it pairs each completion with one registration (the same one, for a
// stream started by Go; otherwise the oldest from the completing
// function) and counts completions that find nothing open.
package ledger

import (
	"runtime"
	"strconv"
	"strings"
)

// Caller says where a registration or a completion was made.
type Caller struct {
	Origin   string // file:line
	Function string // the top-level function (see TopLevel)
}

// CallerAt describes the function skip frames above CallerAt's caller, as
// runtime.Caller counts them from CallerAt.
func CallerAt(skip int) Caller {
	pc, file, line, ok := runtime.Caller(skip)
	if !ok {
		return Caller{Origin: "unknown caller"}
	}
	c := Caller{Origin: file + ":" + strconv.Itoa(line)}
	if fn := runtime.FuncForPC(pc); fn != nil {
		c.Function = TopLevel(fn.Name())
	}
	return c
}

// TopLevel strips the suffixes the compiler gives closures and wrappers
// ("pkg.F.func1", "pkg.F.gowrap2", "pkg.F.func1.2"), so that a closure and
// the function that wrote it compare equal.
func TopLevel(name string) string {
	for {
		i := strings.LastIndexByte(name, '.')
		if i < 0 || !closureSuffix(name[i+1:]) {
			return name
		}
		name = name[:i]
	}
}

func closureSuffix(s string) bool {
	for _, prefix := range []string{"func", "gowrap", "deferwrap"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			s = rest
			break
		}
	}
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// Ledger is the books. The zero Ledger is empty and ready; it is not safe
// for concurrent use (the guard holds its own lock around it).
type Ledger struct {
	open        []entry // oldest first
	lastID      uint64
	unmatched   int           // completions with nothing open
	unmatchedAt string        // the first of them
	drained     chan struct{} // closed when open empties, while watched
}

type entry struct {
	id uint64
	Caller
}

// Register records an open stream and returns its id.
func (l *Ledger) Register(c Caller) (id uint64) {
	l.lastID++
	l.open = append(l.open, entry{l.lastID, c})
	return l.lastID
}

// Complete retires the registration id when it is not 0, otherwise the
// oldest one made from c's function, otherwise the oldest one. With
// nothing open it counts an unmatched completion at c.
func (l *Ledger) Complete(id uint64, c Caller) {
	if len(l.open) == 0 {
		l.unmatched++
		if l.unmatchedAt == "" {
			l.unmatchedAt = c.Origin
		}
		return
	}
	i := 0 // the oldest, unless one from the caller's function is open
	for j, e := range l.open {
		if id != 0 && e.id == id || id == 0 && e.Function == c.Function {
			i = j
			break
		}
	}
	l.open = append(l.open[:i], l.open[i+1:]...)
	if len(l.open) == 0 && l.drained != nil {
		close(l.drained)
		l.drained = nil
	}
}

// Watch returns a channel closed when the last open stream completes, or
// nil when none is open.
func (l *Ledger) Watch() <-chan struct{} {
	if len(l.open) == 0 {
		return nil
	}
	l.drained = make(chan struct{})
	return l.drained
}

// Unwatch forgets the channel Watch returned.
func (l *Ledger) Unwatch() { l.drained = nil }

// Open returns where each open stream was registered, oldest first; nil
// when none is.
func (l *Ledger) Open() []string {
	var origins []string
	for _, e := range l.open {
		origins = append(origins, e.Origin)
	}
	return origins
}

// Unmatched returns how many completions found nothing open, and where
// the first of them was.
func (l *Ledger) Unmatched() (n int, first string) { return l.unmatched, l.unmatchedAt }
