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

func TestExposes(t *testing.T) {
	pkg, err := importer.Default().Import("sync")
	if err != nil {
		t.Skip("no export data for sync:", err)
	}
	mutex := pkg.Scope().Lookup("Mutex").Type()
	isMutex := func(t types.Type) bool { return types.Identical(t, mutex) }
	field := func(name string, t types.Type, embedded bool) *types.Var {
		return types.NewField(0, nil, name, t, embedded)
	}
	st := func(fs ...*types.Var) types.Type { return types.NewStruct(fs, nil) }
	methods := map[string]bool{"Lock": true}
	for _, tc := range []struct {
		name string
		t    types.Type
		want bool
	}{
		{"mutex", mutex, true},
		{"pointer", types.NewPointer(mutex), true},
		{"exported field", st(field("Mu", mutex, false)), true},
		{"embedded", st(field("Mutex", mutex, true)), true},
		{"unexported field", st(field("mu", mutex, false)), false},
		{"no-copy marker", st(field("DoNotCopy", types.NewArray(mutex, 0), false)), false},
		{"array", st(field("Shards", types.NewArray(mutex, 4), false)), true},
		{"slice of pointers", types.NewSlice(types.NewPointer(mutex)), true},
	} {
		if got := Exposes(tc.t, isMutex, methods, map[types.Type]bool{}); got != tc.want {
			t.Errorf("%s: Exposes = %v, want %v", tc.name, got, tc.want)
		}
	}
}
