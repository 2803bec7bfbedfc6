//go:build !unix

package leak

import "time"

// trackerCPUTime is not available here; benchmarks then report wall time only.
func trackerCPUTime() (time.Duration, bool) { return 0, false }
