package httptests

import (
	"net/http"
	"testing"
)

// A test's response: its servers are shut down when it ends.
func TestGet(t *testing.T) {
	_, err := http.Get("http://127.0.0.1:1/") // ok
	if err != nil {
		t.Log(err)
	}
}

func helper(tb testing.TB, url string) int {
	resp, err := http.Get(url) // ok
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode
}

func BenchmarkGet(b *testing.B) {
	for range b.N {
		func() {
			resp, err := http.Get("http://127.0.0.1:1/") // ok: a closure in a benchmark
			if err != nil {
				return
			}
			_ = resp.StatusCode
		}()
	}
}
