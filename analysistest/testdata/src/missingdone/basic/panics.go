package basic

import "sync"

// A goroutine that recovers its own panics, and calls a function that
// can panic before a Done that is not deferred: after the panic it
// returns without the Done.

func parse(s string) int {
	if s == "" {
		panic("empty input")
	}
	return len(s)
}

func parseAll(inputs []string) {
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer func() { _ = recover() }()
			_ = parse(in) // want `the goroutine can return here, through a panic it recovers, without calling wg\.Done`
			wg.Done()
		}()
	}
	wg.Wait()
}

// The panic is two calls down.
func parseTrimmed(s string) int { return parse(s[1:]) }

func parseAllTrimmed(inputs []string) {
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer func() { _ = recover() }()
			_ = parseTrimmed(in) // want `the goroutine can return here, through a panic it recovers, without calling wg\.Done`
			wg.Done()
		}()
	}
	wg.Wait()
}

// ok: Done is deferred, so it runs after the recovered panic too.
func parseAllDeferred(inputs []string) {
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { _ = recover() }()
			_ = parse(in)
		}()
	}
	wg.Wait()
}

// ok: the goroutine does not recover, so a panic ends the program
// rather than skipping the Done.
func parseAllUnrecovered(inputs []string) {
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			_ = parse(in)
			wg.Done()
		}()
	}
	wg.Wait()
}

func safeParse(s string) (n int) {
	defer func() {
		if recover() != nil {
			n = -1
		}
	}()
	return parse(s)
}

// ok: the callee recovers its own panic, so the call returns.
func parseAllSafe(inputs []string) {
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer func() { _ = recover() }()
			_ = safeParse(in)
			wg.Done()
		}()
	}
	wg.Wait()
}

// ok: the Done comes before the call that can panic.
func parseAllDoneFirst(inputs []string) {
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func() {
			defer func() { _ = recover() }()
			wg.Done()
			_ = parse(in)
		}()
	}
	wg.Wait()
}
