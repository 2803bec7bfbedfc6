//go:build unix

package leak

import (
	"syscall"
	"time"
)

// trackerCPUTime returns the CPU time the process has used, user and system.
// On a machine shared with other work, CPU time per operation measures what
// an operation costs, where wall time also counts the time the benchmark
// waited for a CPU.
func trackerCPUTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
