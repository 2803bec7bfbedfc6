package service

import "sync"

// Quotas counts what each tenant has used.
type Quotas struct {
	mu   sync.Mutex
	used map[string]int
}

// Use charges n to tenant and reports whether the tenant is still within
// limit.
//
// LEAK (missingunlock): the over-limit return keeps q.mu, so the next call,
// from any goroutine, blocks on Lock for ever.
func (q *Quotas) Use(tenant string, n, limit int) bool {
	q.mu.Lock()
	if q.used == nil {
		q.used = map[string]int{}
	}
	if q.used[tenant]+n > limit {
		return false
	}
	q.used[tenant] += n
	q.mu.Unlock()
	return true
}

// UseFixed is Use with the unlock deferred right after the lock (the
// pass's suggested fix): every return releases q.mu.
func (q *Quotas) UseFixed(tenant string, n, limit int) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.used == nil {
		q.used = map[string]int{}
	}
	if q.used[tenant]+n > limit {
		return false
	}
	q.used[tenant] += n
	return true
}
