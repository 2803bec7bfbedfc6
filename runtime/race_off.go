//go:build !race

package leak

// detectorRace is set when the binary is built with -race (see
// race_on.go).
const detectorRace = false
