package stripes

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStripesArePowerOfTwoPerP(t *testing.T) {
	c := New()
	n := len(c.stripes)
	assert.Zero(t, n&(n-1), "a power of two: %d", n)
	assert.GreaterOrEqual(t, n, 4*runtime.GOMAXPROCS(0))
	assert.Equal(t, uint32(n-1), c.mask)
}

func TestSumCountsEveryCall(t *testing.T) {
	c := New()
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 1000 {
				c.AddOperation()
				if (i+j)%4 == 0 {
					c.AddError()
				}
			}
		}()
	}
	wg.Wait()
	ops, errs := c.Sum()
	assert.Equal(t, int64(16000), ops)
	assert.Equal(t, int64(4000), errs)
}

func TestGoroutinesSpreadOverStripes(t *testing.T) {
	c := New()
	seen := map[uint32]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := c.stripe()
			mu.Lock()
			seen[s] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	assert.Greater(t, len(seen), 1, "64 goroutines all hashed to one stripe")
}
