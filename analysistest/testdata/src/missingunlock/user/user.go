package user

import "missingunlock/lib"

func balanced(p *lib.Pool) {
	p.Hold() // ok: released by the helper of the other package
	defer p.Release()
}

func slip(p *lib.Pool, skip bool) {
	p.Hold() // want `the lock Hold returns holding is not unlocked on the path through the return at line 13`
	if skip {
		return
	}
	p.Release()
}

func growWhileHolding(p *lib.Pool) {
	p.Hold()
	defer p.Release()
	p.Grow() // want `Grow locks the lock Hold returns holding, which this path already locked at line 19`
}

func _() {
	lib.BeginOutput()
	lib.Print("x") // want `Print locks the lock BeginOutput returns holding`
	lib.EndOutput()
}

func _() {
	lib.Register("x") // ok
	lib.Register("y") // ok
}
