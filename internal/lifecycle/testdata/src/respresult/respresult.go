// Package respresult gets a response as one result of a call.
package respresult // want "needs SSA"

import "net/http"

func Ping(c *http.Client) error {
	_, err := c.Get("http://example.com")
	return err
}
