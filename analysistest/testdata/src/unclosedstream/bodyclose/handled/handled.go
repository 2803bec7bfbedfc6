package handled // want package:"provides resources"

import "net/http"

// Fetch hands its response to the caller, whatever a comment claims.
//
// bodyclose:handled
func Fetch(url string) (*http.Response, error) { // want Fetch:"returns resource in result 0"
	return http.Get(url)
}
