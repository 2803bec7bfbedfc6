// Package exposed has, run as a dependency, one way each for an importer
// to hold its locks or hand in its own: each keeps the facts.
package exposed

import "sync"

// Table's lock is an exported field: an importer can hold it.
type Table struct {
	Mu   sync.Mutex
	rows int
}

func (t *Table) Add() { // want Add:"locks p0.Mu"
	t.Mu.Lock()
	t.rows++
	t.Mu.Unlock()
}

// Guard locks whatever lock its caller hands in.
func Guard(mu *sync.Mutex, f func()) { // want Guard:"locks p0"
	mu.Lock()
	defer mu.Unlock()
	f()
}
