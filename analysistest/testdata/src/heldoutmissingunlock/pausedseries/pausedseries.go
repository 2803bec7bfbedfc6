// Package pausedseries is a test that holds an element's lock on purpose
// to pause a writer, then calls a method that takes the owner's lock;
// production code takes them the other way round. The test hands the
// element's unlock to a hook the method calls (through sync.Once and the
// lock's method value), so when it is released is not known: the order is
// not one the analysis can show.
package pausedseries

import "sync"

type series struct {
	sync.Mutex
	v int
}

type DB struct {
	cmtx sync.Mutex
	s    *series
	hook func()
}

// Compact takes the DB's lock, then the series'.
func (db *DB) Compact() { // want Compact:`locks p0.cmtx; locks p0.s\*.Mutex`
	db.cmtx.Lock()
	defer db.cmtx.Unlock()
	db.s.Lock() // ok
	db.s.v++
	db.s.Unlock()
}

func (db *DB) compactSelected() {
	db.cmtx.Lock()
	if db.hook != nil {
		db.hook()
	}
	db.cmtx.Unlock()
}

// pausedWriter is the test body: the hook lets the series go while the
// compaction runs.
func pausedWriter(db *DB) {
	db.s.Lock()
	var once sync.Once
	release := func() { once.Do(db.s.Unlock) }
	defer release()
	db.hook = func() { release() }
	db.compactSelected()
}

type table struct {
	mu   sync.Mutex
	rows int
}

type index struct {
	mu sync.Mutex
	t  *table
}

func (ix *index) rebuild() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.t.mu.Lock() // want `table.mu is taken here while index.mu is held`
	ix.t.rows = 0
	ix.t.mu.Unlock()
}

// Here the method value runs right away, under the table's lock held
// since the start: the order table.mu then index.mu is plain.
func (t *table) reindex(ix *index) {
	var once sync.Once
	t.mu.Lock()
	ix.mu.Lock()
	ix.mu.Unlock()
	once.Do(t.mu.Unlock)
}
