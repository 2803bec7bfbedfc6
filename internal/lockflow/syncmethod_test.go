package lockflow

import (
	"go/importer"
	"go/types"
	"testing"
)

func TestSyncMethod(t *testing.T) {
	pkg, err := importer.Default().Import("sync")
	if err != nil {
		t.Skip("no export data for sync:", err)
	}
	method := func(typ, name string) *types.Func {
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(pkg.Scope().Lookup(typ).Type()), true, pkg, name)
		return obj.(*types.Func)
	}
	for _, tc := range []struct {
		obj       *types.Func
		typ, name string
		want      bool
	}{
		{method("WaitGroup", "Done"), "WaitGroup", "Done", true},
		{method("WaitGroup", "Done"), "WaitGroup", "", true},
		{method("WaitGroup", "Wait"), "WaitGroup", "Done", false},
		{method("Mutex", "Lock"), "WaitGroup", "", false},
		{method("RWMutex", "RLock"), "RWMutex", "RLock", true},
		{pkg.Scope().Lookup("NewCond").(*types.Func), "Cond", "", false},
		{nil, "Mutex", "Lock", false},
	} {
		if got := SyncMethod(tc.obj, tc.typ, tc.name); got != tc.want {
			t.Errorf("SyncMethod(%v, %q, %q) = %v, want %v", tc.obj, tc.typ, tc.name, got, tc.want)
		}
	}
}
