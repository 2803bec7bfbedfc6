// Package respparam is handed responses.
package respparam // want "needs SSA"

import "net/http"

func Status(r *http.Response) int { return r.StatusCode } // want Status:"ignores param 0"
