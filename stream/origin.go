package stream

import (
	"runtime"
	"strconv"
	"sync"
)

// origin is the call site that created a stream value: the return PC into
// the user's function. Capturing a PC is cheap enough to do on every
// creation (see BenchmarkOrigin); turning it into "file:line" is done once
// per call site, and only when somebody needs the text.
type origin uintptr

// callerOrigin returns the origin of the function skip frames above its
// caller: callerOrigin(1) inside NewStreamingContext is the user's call.
func callerOrigin(skip int) origin {
	var pcs [1]uintptr
	if runtime.Callers(skip+2, pcs[:]) == 0 {
		return 0
	}
	return origin(pcs[0])
}

// resolvedOrigins caches "file:line" per PC. It grows with the number of
// distinct call sites in the program, which is bounded.
var resolvedOrigins sync.Map // origin -> string

// String returns "file:line" of the call site, or "" when unknown.
func (o origin) String() string {
	if o == 0 {
		return ""
	}
	if s, ok := resolvedOrigins.Load(o); ok {
		return s.(string)
	}
	// CallersFrames knows that a return PC points after the call and
	// resolves inlined frames; runtime.FuncForPC would get both wrong.
	frame, _ := runtime.CallersFrames([]uintptr{uintptr(o)}).Next()
	s := ""
	if frame.File != "" {
		s = frame.File + ":" + strconv.Itoa(frame.Line)
	}
	resolvedOrigins.Store(o, s)
	return s
}
