// Package lostsendconsumeprod has consumers that stop at the first error.
package lostsendconsumeprod

import "errors"

// Apply stops at the first bad record.
func Apply(records <-chan int) error { // want Apply:`may return before draining\(0: 1\)`
	for r := range records {
		if r < 0 {
			return errors.New("negative record")
		}
	}
	return nil
}

// Sum reads everything.
func Sum(records <-chan int) int {
	total := 0
	for r := range records {
		total += r
	}
	return total
}
