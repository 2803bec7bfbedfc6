//go:build !race

package budget

// race is set when the binary is built with -race (see
// race_on.go).
const race = false
