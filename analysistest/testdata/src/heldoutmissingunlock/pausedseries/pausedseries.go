// Package pausedseries is a test that holds an element's lock on purpose
// to pause a writer, then calls a method that takes the owner's lock;
// production code takes them the other way round, but only from a loop the
// test has switched off. No two goroutines take both orders at once.
package pausedseries

import "sync"

type series struct {
	sync.Mutex
	v int
}

type DB struct {
	cmtx    sync.Mutex
	s       *series
	compact bool
}

// Compact takes the DB's lock, then the series'.
func (db *DB) Compact() { // want Compact:`locks p0.cmtx; locks p0.s\*.Mutex`
	db.cmtx.Lock()
	defer db.cmtx.Unlock()
	db.s.Lock() // ok
	db.s.v++
	db.s.Unlock()
}

func (db *DB) CompactSelected() { // want CompactSelected:"locks p0.cmtx"
	db.cmtx.Lock()
	db.cmtx.Unlock()
}

func (db *DB) run(tick <-chan struct{}) {
	for range tick {
		if db.compact {
			db.Compact()
		}
	}
}

// pausedWriter is the test body: compactions are off, and nothing else
// runs Compact while the series lock is held.
func pausedWriter(db *DB) {
	db.compact = false
	db.s.Lock()
	db.CompactSelected()
	db.s.Unlock()
}
