//go:build race

package leak

// detectorRace is set when the binary is built with -race, which slows
// goroutines down severalfold: the default progress grace scales with it.
const detectorRace = true
