package missingunlock

import "testing"

func TestLockFactPropagates(t *testing.T) {
	for _, tc := range []struct {
		fact lockFact
		want bool
	}{
		{lockFact{Locks: []factLock{{Key: "p0.Mu"}}}, true},
		{lockFact{Locks: []factLock{{Key: "p0"}}}, true},
		{lockFact{Locks: []factLock{{Key: "p1.Conn*.Mu"}}}, true},
		{lockFact{Locks: []factLock{{Key: "g:example.com/x.Lock"}}}, true},
		{lockFact{Locks: []factLock{{Key: "g:example.com/x.Registry.Mu"}}}, true},
		{lockFact{Locks: []factLock{{Key: "p0.mu"}}}, false},
		{lockFact{Locks: []factLock{{Key: "p0.conn*.Mu"}}}, false},
		{lockFact{Locks: []factLock{{Key: "g:net/http.DefaultServeMux.mu"}}}, false},
		{lockFact{Locks: []factLock{{Key: "g:example.com/x.registry.Mu"}}}, false},
		{lockFact{Locks: []factLock{{Key: "p0.mu"}, {Key: "p1.Mu"}}}, true},
		{lockFact{Holds: []factLock{{Key: "p0.mu"}}}, true},
		{lockFact{Releases: []string{"p0.mu"}}, true},
	} {
		if got := tc.fact.propagates(); got != tc.want {
			t.Errorf("%v: propagates() = %v, want %v", tc.fact.String(), got, tc.want)
		}
	}
}
