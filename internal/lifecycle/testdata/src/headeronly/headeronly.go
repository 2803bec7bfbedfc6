// Package headeronly imports net/http for its headers alone.
package headeronly

import "net/http"

func Set(h http.Header) { h.Set("k", "v") }
