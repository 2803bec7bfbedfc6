// Package agentdb is prometheus' agent DB shape: Close holds the lock
// while it waits for the background loop, whose timer branch needs the
// same lock before it can see the stop channel.
package agentdb

import (
	"sync"
	"time"
)

type DB struct {
	mtx   sync.RWMutex
	stopc chan struct{}
	donec chan struct{}
	n     int
}

func Open() *DB {
	db := &DB{stopc: make(chan struct{}), donec: make(chan struct{})}
	go db.run()
	return db
}

func (db *DB) run() {
	defer close(db.donec)
	for {
		select {
		case <-db.stopc:
			return
		case <-time.After(time.Second):
			db.truncate()
		}
	}
}

func (db *DB) truncate() {
	db.mtx.RLock()
	defer db.mtx.RUnlock()
	db.n++
}

func (db *DB) Close() { // want Close:"locks p0.mtx"
	db.mtx.Lock()
	defer db.mtx.Unlock()
	close(db.stopc)
	<-db.donec // want `receives from DB.donec while holding db.mtx`
}
