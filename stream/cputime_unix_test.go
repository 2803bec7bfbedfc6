//go:build unix

package stream

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time the process has used. On a shared
// machine, CPU time per operation is far steadier than wall time, which
// also counts the time spent waiting for a core.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
