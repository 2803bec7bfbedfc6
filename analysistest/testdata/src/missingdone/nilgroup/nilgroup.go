// Package nilgroup starts workers that take an optional WaitGroup: a nil
// group means nobody counted the worker, so it owes no Done.
package nilgroup

import "sync"

type job struct{ n int }

func (j *job) run() {}

// work counts down wg only when it was given one, and then on every path.
func work(j *job, wg *sync.WaitGroup) {
	if wg != nil {
		defer wg.Done()
	}
	if j == nil {
		return // ok: the deferred Done runs whenever wg is set
	}
	j.run()
}

// workEq tests the group the other way round.
func workEq(j *job, wg *sync.WaitGroup) {
	if wg == nil {
		j.run()
		return // ok: nothing counted a nil group
	}
	j.run()
	wg.Done()
}

// workSkip tests the job, not the group: the early return skips Done.
func workSkip(j *job, wg *sync.WaitGroup) {
	if j == nil {
		return // want `the goroutine can return here without calling wg.Done`
	}
	j.run()
	wg.Done()
}

func serve(jobs []*job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(3)
		go work(j, &wg)
		go workEq(j, &wg)
		go workSkip(j, &wg)
	}
	wg.Wait()
	work(nil, nil)
}
