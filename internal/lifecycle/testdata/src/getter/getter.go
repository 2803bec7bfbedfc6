// Package getter hands out a cancel function it keeps, and has a
// cancel-like parameter only in a function no importer can call: the
// getter's fact (its result is borrowed) still needs SSA.
package getter // want "needs SSA"

import "context"

type Job struct{ cancel context.CancelFunc }

func (j *Job) Cancel() context.CancelFunc { return j.cancel } // want Cancel:"borrows result 0"

func run(stop func()) { stop() } // want run:"releases param 0"

func Start() { run(func() {}) }
