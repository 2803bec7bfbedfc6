package fakes

import "sync"

// Recorder is the same shape written by hand: the user can fix it, so the
// inversion is reported.
type Recorder struct {
	sendMutex sync.RWMutex
	sent      []string
	log       map[string]int
	logMutex  sync.RWMutex
}

func (r *Recorder) Send(s string) { // want Send:`locks p0.logMutex; locks p0.sendMutex`
	r.sendMutex.Lock()
	r.sent = append(r.sent, s)
	r.record("Send") // want `Recorder.logMutex is taken here while Recorder.sendMutex is held`
	r.sendMutex.Unlock()
}

func (r *Recorder) Log() map[string]int { // want Log:`locks p0.logMutex; locks p0.sendMutex`
	r.logMutex.RLock()
	defer r.logMutex.RUnlock()
	r.sendMutex.RLock()
	defer r.sendMutex.RUnlock()
	out := map[string]int{}
	for k, v := range r.log {
		out[k] = v
	}
	return out
}

func (r *Recorder) record(key string) {
	r.logMutex.Lock()
	defer r.logMutex.Unlock()
	if r.log == nil {
		r.log = map[string]int{}
	}
	r.log[key]++
}
