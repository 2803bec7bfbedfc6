package owner

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

func TestNewIsUnique(t *testing.T) {
	var r Registry
	a, b := r.New(), r.New()
	assert.NotEqual(t, a, b)
	assert.NotEmpty(t, a)
}

func TestIsTestFunc(t *testing.T) {
	for name, want := range map[string]bool{
		"Test": true, "TestX": true, "Test_x": true, "Test1": true,
		"Testify": false, "testX": false, "BenchmarkX": false,
	} {
		assert.Equal(t, want, IsTestFunc(name), name)
	}
}

func TestTest(t *testing.T) {
	var r Registry
	label := r.New()
	r.Name(label, "TestHandler/sub")
	r.Name("", "TestIgnored")
	r.Name(r.New(), "")

	byLabel := &stack.Goroutine{Labels: []byte(`"leaklint.test": "` + label + `"`)}
	byLabel.CreatedBy.Func = []byte("example.com/app.TestOther.func1")
	assert.Equal(t, "TestHandler/sub", r.Test(byLabel, "leaklint.test"), "the label says more than the creator")

	bare := &stack.Goroutine{Labels: []byte("leaklint.test: " + label)} // Go 1.27's form
	assert.Equal(t, "TestHandler/sub", r.Test(bare, "leaklint.test"))

	byCreator := &stack.Goroutine{}
	byCreator.CreatedBy.Func = []byte("example.com/app.TestOther.func1")
	assert.Equal(t, "TestOther", r.Test(byCreator, "leaklint.test"))

	byCreator.CreatedBy.Func = []byte("example.com/app.(*Server).Serve")
	assert.Empty(t, r.Test(byCreator, "leaklint.test"))
}
