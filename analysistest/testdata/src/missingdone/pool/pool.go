// Package pool, run as a dependency, keeps its fact: an importer hands
// Worker a WaitGroup it counted itself.
package pool

import "sync"

func Worker(id int, wg *sync.WaitGroup) { // want Worker:"calls Done on p1"
	defer wg.Done()
	work(id)
}

func work(int) {}
