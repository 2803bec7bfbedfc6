//go:build !unix

package stream

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
