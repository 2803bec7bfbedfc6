package httptests

import "net/http"

// Not a test: checked.
func status(url string) int {
	resp, err := http.Get(url) // want `the Body of the Response created here is not closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
