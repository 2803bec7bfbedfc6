package lifecycle

import (
	"reflect"
	"testing"
)

func TestFactsAreDistinctPerTag(t *testing.T) {
	type tagA struct{}
	type tagB struct{}
	a, b := NewFacts[tagA]().Types(), NewFacts[tagB]().Types()
	for i := range a {
		if reflect.TypeOf(a[i]) == reflect.TypeOf(b[i]) {
			t.Errorf("fact type %d is shared by two tags: %T", i, a[i])
		}
	}
}

func TestFuncFactString(t *testing.T) {
	f := &funcFact[struct{}]{Data: funcData{
		Returns: []int{1},
		Params:  []paramUse{{Index: 0, Released: true}, {Index: 1, Kept: true}, {Index: 2}},
	}}
	want := "returns resource in result 1; releases param 0; keeps param 1; ignores param 2"
	if got := f.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if u, ok := f.data().param(1); !ok || !u.Kept {
		t.Errorf("param(1) = %+v, %v; want kept", u, ok)
	}
	if _, ok := f.data().param(5); ok {
		t.Error("param(5) found a parameter the fact does not describe")
	}
}
