//go:build race

package budget

// race is set when the binary is built with -race, which slows
// goroutines down severalfold: the default progress grace scales with it.
const race = true
