package typeerror

import "sync"

func broken(wg *sync.WaitGroup) {
	wg.Add(1)
	go func() { return undefined }()
	wg.Wait()
}
