package resources

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/leaklint/leaklint/internal/track"
)

func TestHubRoutesByLabel(t *testing.T) {
	label := "a"
	h := &Hub{CurrentLabel: func() string { return label }}
	var a, b, snap Set
	stopA := h.Register("a", &a)
	stopB := h.Register("b", &b)
	stopSnap := h.Register("", &snap)
	assert.True(t, track.Enabled(), "a registered check listens")

	r1 := track.Created("StreamingContext", "/x.go:1")
	label = "b"
	r2 := track.Created("StreamingContext", "/x.go:2")
	label = ""
	r3 := track.Created("StreamingResultBuilder", "/x.go:3")

	assert.Equal(t, []*track.Resource{r1}, a.Unreleased())
	assert.Equal(t, []*track.Resource{r2}, b.Unreleased())
	assert.Equal(t, []*track.Resource{r1, r2, r3}, snap.Unreleased(), "a check without a label takes every resource, oldest first")

	r1.Release()
	assert.Empty(t, a.Unreleased())
	assert.Equal(t, []*track.Resource{r2, r3}, snap.Unreleased())

	stopA()
	stopB()
	assert.True(t, track.Enabled(), "one check is still registered")
	stopSnap()
	assert.False(t, track.Enabled(), "nobody listens once every check is gone")
	r2.Release()
	r3.Release()
}

func TestSetIgnoresReleased(t *testing.T) {
	var s Set
	r := &track.Resource{Kind: "StreamingContext", ID: 1}
	r.Release()
	s.add(r)
	assert.Empty(t, s.Unreleased())
	r2 := &track.Resource{Kind: "StreamingContext", ID: 2}
	s.add(r2)
	s.remove(r2)
	assert.Empty(t, s.Unreleased())
}
