package missingunlock

import (
	"slices"
	"sort"
	"strconv"
	"strings"
)

// held is one lock a path holds (or, with mode released, gave up without
// taking it here: the function is an unlock helper for it).
type held struct {
	key  string // lockflow path
	typ  string // type-level name, "" if none
	mode byte   // 'W' write lock, 'R' read lock, 'U' released here without being taken, 'D' an unlock deferred before the lock
	site int    // index of the acquiring instruction in the function's site table
	// deferred is set once an unlock of the lock is deferred: the lock is
	// still held until the function returns, and released then.
	deferred bool
}

// state is what a path knows, kept comparable for chanflow.Flow: the held
// locks encoded in a string, the outcomes of correlated branches taken,
// and whether a deferred call may release anything.
type state struct {
	held  string
	conds string
	ctrs  string // values of counted loops' counters: "i=v;..."

	unknownDefer bool
	dead         bool
}

// decodeCache memoizes decode: a function's paths share a handful of held
// sets, decoded again at every instruction that looks at them. Each call
// gets its own copy, which the caller may modify.
type decodeCache map[string][]held

func (dc decodeCache) decode(s string) []held {
	if s == "" {
		return nil
	}
	hs, ok := dc[s]
	if !ok {
		hs = decode(s)
		dc[s] = hs
	}
	return slices.Clone(hs)
}

func decode(s string) []held {
	if s == "" {
		return nil
	}
	var out []held
	for _, line := range strings.Split(s, "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			continue
		}
		site, _ := strconv.Atoi(f[3])
		out = append(out, held{key: f[0], typ: f[1], mode: f[2][0], site: site, deferred: f[4] == "d"})
	}
	return out
}

func encode(hs []held) string {
	sort.Slice(hs, func(i, j int) bool { return hs[i].key < hs[j].key })
	var b strings.Builder
	for i, h := range hs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(h.key)
		b.WriteByte('\t')
		b.WriteString(h.typ)
		b.WriteByte('\t')
		b.WriteByte(h.mode)
		b.WriteByte('\t')
		b.WriteString(strconv.Itoa(h.site))
		b.WriteByte('\t')
		if h.deferred {
			b.WriteByte('d')
		}
	}
	return b.String()
}

func find(hs []held, key string) int {
	for i, h := range hs {
		if h.key == key {
			return i
		}
	}
	return -1
}

func remove(hs []held, i int) []held {
	return append(hs[:i:i], hs[i+1:]...)
}

// holding reports whether h is a lock the path holds (not a release mark).
func (h held) holding() bool { return h.mode == 'W' || h.mode == 'R' }

// withCond records that the branch on condition c went the way v; ok is
// false when the path already took it the other way.
func withCond(conds, c string, v bool) (string, bool) {
	want := c + "=" + strconv.FormatBool(v)
	other := c + "=" + strconv.FormatBool(!v)
	for _, x := range strings.Split(conds, "\x00") {
		if x == want {
			return conds, true
		}
		if x == other {
			return conds, false
		}
	}
	if conds == "" {
		return want, true
	}
	return conds + "\x00" + want, true
}

// withoutCond drops what conds says of c.
func withoutCond(conds, c string) string {
	if conds == "" {
		return ""
	}
	var keep []string
	for _, x := range strings.Split(conds, "\x00") {
		if !strings.HasPrefix(x, c+"=") {
			keep = append(keep, x)
		}
	}
	return strings.Join(keep, "\x00")
}
