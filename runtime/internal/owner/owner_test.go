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

	// A closure of TestA that a helper's go statement runs.
	byFrame := &stack.Goroutine{Frames: []byte("example.com/app.TestA.func1()\n\t/app/a_test.go:12 +0x1d\n" +
		"created by example.com/app.runAsync in goroutine 7\n\t/app/a_test.go:5 +0x25\n")}
	byFrame.CreatedBy.Func = []byte("example.com/app.runAsync")
	assert.Equal(t, "TestA", r.Test(byFrame, "leaklint.test"))
}

func TestTestFunc(t *testing.T) {
	for fn, want := range map[string]string{
		"example.com/app.TestA.func2.1":     "TestA",
		"example.com/app.TestA":             "TestA",
		"example.com/a/b.TestUse.use.func1": "TestUse",
		"example.com/app.helper.func1":      "",
		"example.com/app.(*T).TestLike":     "",
		"example.com/app.Testify.func1":     "",
		"main.Test_x.func1":                 "Test_x",
		"time.goFunc":                       "",
	} {
		assert.Equal(t, want, TestFunc([]byte(fn)), fn)
	}
}

func TestLookup(t *testing.T) {
	var r Registry
	label := r.New()
	r.Name(label, "TestA/sub")
	assert.Equal(t, "TestA/sub", r.Lookup(label))
	assert.Equal(t, "", r.Lookup(r.New()))
}
