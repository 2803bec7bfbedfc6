// Package lockgokerfixed holds the GoKer kernels that missingunlock and
// missingdone flag, each with its upstream fix applied: none may be
// reported.
package lockgokerfixed

func register(string, func()) {}

const yieldCount = 1
