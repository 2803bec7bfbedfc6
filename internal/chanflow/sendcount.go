package chanflow

import "golang.org/x/tools/go/ssa"

// MaxOnPath returns the most that the weighted instructions of fn add up to
// on one run of fn, from its entry, when that is at most limit; bounded is
// false when a path can exceed limit, as a weighted instruction in a loop
// that may run it again does. A weight above limit makes any path through
// it unbounded.
//
// The count follows paths, not instructions: two sends on exclusive branches
// count once, and a send followed by a return inside a loop counts once,
// because no path runs it twice.
func MaxOnPath(fn *ssa.Function, weight map[ssa.Instruction]int, limit int) (max int, bounded bool) {
	if len(weight) == 0 {
		return 0, true
	}
	over := limit + 1
	flow := Flow[int]{
		Instr: func(s int, instr ssa.Instruction) int {
			if w, ok := weight[instr]; ok {
				s += w
				if s > limit {
					s = over
				}
				if s > max {
					max = s
				}
			}
			return s
		},
		Exit:  func(int, ssa.Instruction) {},
		Prune: func(s int) bool { return s == over },
	}
	flow.RunEntry(fn, 0)
	if max > limit {
		return 0, false
	}
	return max, true
}
