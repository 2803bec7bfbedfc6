package stream

import (
	"runtime"
	"strconv"

	"github.com/leaklint/leaklint/internal/track"
)

// callerOrigin returns file:line of the function skip frames up, but only
// while the runtime package is tracking: it costs a stack walk.
func callerOrigin(skip int) string {
	if !track.Enabled() {
		return ""
	}
	_, file, line, ok := runtime.Caller(skip)
	if !ok {
		return ""
	}
	return file + ":" + strconv.Itoa(line)
}
