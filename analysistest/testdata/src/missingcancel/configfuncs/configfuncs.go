package configfuncs

import "context"

type Pool struct{}

// Lease returns a release func that context knows nothing about: only the
// -missingcancel.funcs setting makes it a cancel function.
func (*Pool) Lease() (int, func()) { return 1, func() {} }

func _(p *Pool, ctx context.Context) {
	n, release := p.Lease() // want `the cancel function returned by Pool.Lease is not called on the path through the return at line 14`
	_, _ = n, release
}

func _(p *Pool) {
	_, release := p.Lease() // ok
	defer release()
}
