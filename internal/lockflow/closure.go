package lockflow

import "golang.org/x/tools/go/ssa"

// RunWhereMade reports whether the closure mc is used only as the function
// of call instructions (calls, go statements, defers) that kind accepts:
// then what its body locks, unlocks or counts down happens at those
// instructions, and nowhere else.
func RunWhereMade(mc *ssa.MakeClosure, kind func(ssa.CallInstruction) bool) bool {
	refs := mc.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, r := range *refs {
		ci, ok := r.(ssa.CallInstruction)
		if !ok || ci.Common().Value != mc || !kind(ci) {
			return false
		}
	}
	return true
}
