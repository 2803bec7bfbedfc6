package typeerror

import "sync"

func broken(mu *sync.Mutex) {
	mu.Lock()
	return undefined
}
