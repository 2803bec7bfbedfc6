package leak

import (
	"github.com/leaklint/leaklint/internal/track"
	"github.com/leaklint/leaklint/runtime/internal/resources"
)

// detectorHub routes the stream package's resource events to the checks
// running now (package resources), by the test label of the goroutine
// that creates a resource.
var detectorHub = resources.Hub{CurrentLabel: detectorCurrentTestLabel}

// detectorRegister makes s receive the resources created for it until the
// returned function is called.
func detectorRegister(s *detectorSession) (unregister func()) {
	return detectorHub.Register(s.label, &s.resources.Set)
}

// detectorResources are the unreleased resources created for one check.
type detectorResources struct{ resources.Set }

// unreleased returns the resources still open, oldest first.
func (rs *detectorResources) unreleased() []*track.Resource { return rs.Unreleased() }
