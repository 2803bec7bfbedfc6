// Package unclosedstream holds the real leaks of the held-out-a corpora
// (go-redis), each written small.
package unclosedstream

import (
	"fmt"
	"net/http"
)

type injector struct {
	client  *http.Client
	baseURL string
}

// running probes /stats and closes the body only on a 200: any other
// status leaves the response open (go-redis's proxy injector Start).
func (p *injector) running() bool {
	resp, err := p.client.Get(p.baseURL + "/stats") // want `the Body of the Response created here is not closed on the path through the return at line 24`
	if err == nil && resp.StatusCode == 200 {
		resp.Body.Close()
		fmt.Println("proxy already running")
		return true
	}
	return false
}
