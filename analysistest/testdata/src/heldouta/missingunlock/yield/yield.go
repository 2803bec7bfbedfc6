// Package yield is kafka-go's Conn.waitResponse, small: a function that
// keeps a lock on the path where it answers with the lock's address, so
// that its caller, which reads the reply, releases it.
package yield

import "sync"

type conn struct {
	rlock sync.Mutex
	next  int32
}

// await returns holding c.rlock, and gives its address, when the reply
// for id is next; on the other paths it releases the lock itself.
func (c *conn) await(id int32) (lock *sync.Mutex, err error) {
	for {
		c.rlock.Lock() // ok: the lock is handed to the caller with its address
		if c.next < 0 {
			c.rlock.Unlock()
			return nil, errClosed
		}
		if c.next == id {
			lock = &c.rlock
			break
		}
		c.rlock.Unlock()
	}
	return lock, nil
}

func (c *conn) read(id int32) error {
	lock, err := c.await(id)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	c.next++
	return nil
}

// forgets keeps the lock on the path where it returns nothing that names
// it: still reported.
func (c *conn) forgets(id int32) error {
	c.rlock.Lock() // want `c.rlock is not unlocked on the path through the return at line 46`
	if c.next < id {
		return errClosed
	}
	c.rlock.Unlock()
	return nil
}

type closedError struct{}

func (closedError) Error() string { return "closed" }

var errClosed error = closedError{}
