// Package require is a stand-in for testify's require, with the shape the
// passes rely on: assertions that call FailNow through TestingT.
package require

// TestingT is what the assertions need of a test.
type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
}

// NoError stops the test when err is not nil.
func NoError(t TestingT, err error, msgAndArgs ...any) {
	if err != nil {
		t.Errorf("unexpected error: %v", err)
		t.FailNow()
	}
}

// Fail stops the test.
func Fail(t TestingT, failure string, msgAndArgs ...any) {
	t.Errorf("%s", failure)
	t.FailNow()
}

// FailNow stops the test.
func FailNow(t TestingT, failure string, msgAndArgs ...any) {
	t.Errorf("%s", failure)
	t.FailNow()
}
