package stack

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"testing"
	"unsafe"
)

const handWritten = `goroutine 1 gp=0xc000002380 m=0 mp=0x6b4ce0 [running]:
main.main()
	/src/main.go:20 +0x13d

goroutine 7 [chan send (leaked) (scan), 12 minutes, locked to thread labels:{"leaklint.test": "3", "k": "v]: x"}]:
example.com/svc.(*Server).produce.func1(0xc000010000, {0x1, 0x2}, ...)
	/src/svc.go:42 +0x65
example.com/svc.run[...](...)
	/src/svc.go:50
created by example.com/svc.Handle in goroutine 6
	/src/svc.go:37 +0x56
goroutine 9 [select]:
main.f()
	/src/f.go:3 +0x1
created by main.g
	/src/f.go:9 +0x2
`

func parseAll(dump []byte) []Goroutine {
	var gs []Goroutine
	for d := NewDump(dump); ; {
		var g Goroutine
		if !d.Next(&g) {
			return gs
		}
		gs = append(gs, g)
	}
}

func TestParseHandWritten(t *testing.T) {
	gs := parseAll([]byte(handWritten))
	if len(gs) != 3 {
		t.Fatalf("parsed %d goroutines, want 3", len(gs))
	}
	if gs[0].ID != 1 || string(gs[0].State) != "running" {
		t.Errorf("system-level header: got ID %d state %q", gs[0].ID, gs[0].State)
	}
	g := gs[1]
	if g.ID != 7 || string(g.State) != "chan send" || !g.Leaked || g.WaitMinutes != 12 {
		t.Errorf("header: ID %d state %q leaked %v minutes %d", g.ID, g.State, g.Leaked, g.WaitMinutes)
	}
	if v, ok := Label(g.Labels, "k"); !ok || string(v) != "v]: x" {
		t.Errorf("label k = %q, %v; labels %s", v, ok, g.Labels)
	}
	if v, ok := Label(g.Labels, "leaklint.test"); !ok || string(v) != "3" {
		t.Errorf("label leaklint.test = %q, %v", v, ok)
	}
	if _, ok := Label(g.Labels, "missing"); ok {
		t.Error("found a label that is not there")
	}
	if string(g.CreatedBy.Func) != "example.com/svc.Handle" || string(g.CreatedBy.File) != "/src/svc.go" || g.CreatedBy.Line != 37 || g.CreatorID != 6 {
		t.Errorf("created by: %+v in %d", g.CreatedBy, g.CreatorID)
	}
	var frames []Frame
	for it := NewFrames(&g); ; {
		var f Frame
		if !it.Next(&f) {
			break
		}
		frames = append(frames, f)
	}
	want := []struct {
		fn, file string
		line     int
	}{
		{"example.com/svc.(*Server).produce.func1", "/src/svc.go", 42},
		{"example.com/svc.run[...]", "/src/svc.go", 50},
	}
	if len(frames) != len(want) {
		t.Fatalf("got %d frames, want %d", len(frames), len(want))
	}
	for i, w := range want {
		if string(frames[i].Func) != w.fn || string(frames[i].File) != w.file || frames[i].Line != w.line {
			t.Errorf("frame %d = %s %s:%d, want %s %s:%d", i, frames[i].Func, frames[i].File, frames[i].Line, w.fn, w.file, w.line)
		}
	}
	// A goroutine that follows without a blank line is still separate.
	if gs[2].ID != 9 || string(gs[2].CreatedBy.Func) != "main.g" || gs[2].CreatorID != 0 {
		t.Errorf("third goroutine: %+v", gs[2])
	}
	if bytes.Contains(gs[1].Text, []byte("goroutine 9")) {
		t.Errorf("entry of goroutine 7 runs into goroutine 9:\n%s", gs[1].Text)
	}
}

// handWritten127 is handWritten's goroutine 7 as Go 1.27 prints it: the
// labels after the brackets, quoted only where they need it.
const handWritten127 = `goroutine 7 [chan send (leaked) (scan), 12 minutes, locked to thread] {k: "v] {x}: y", leaklint.test: 3, "": ""}:
example.com/svc.(*Server).produce.func1(0xc000010000, {0x1, 0x2}, ...)
	/src/svc.go:42 +0x65
created by example.com/svc.Handle in goroutine 6
	/src/svc.go:37 +0x56

goroutine 8 [select] {a/b_c.d: e.f/g_h}:
main.f()
	/src/f.go:3 +0x1
`

// TestParseGo127Labels proves that Go 1.27's header is read with its
// labels: a parser that only knew the Go 1.26 form would see no labels
// (or no goroutine), and every check would silently fall back.
func TestParseGo127Labels(t *testing.T) {
	gs := parseAll([]byte(handWritten127))
	if len(gs) != 2 {
		t.Fatalf("parsed %d goroutines, want 2", len(gs))
	}
	g := gs[0]
	if g.ID != 7 || string(g.State) != "chan send" || !g.Leaked || g.WaitMinutes != 12 {
		t.Errorf("header: ID %d state %q leaked %v minutes %d", g.ID, g.State, g.Leaked, g.WaitMinutes)
	}
	for key, want := range map[string]string{"k": "v] {x}: y", "leaklint.test": "3", "": ""} {
		if v, ok := Label(g.Labels, key); !ok || Unquote(v) != want {
			t.Errorf("label %q = %q, %v; want %q; labels %s", key, v, ok, want, g.Labels)
		}
	}
	if string(g.CreatedBy.Func) != "example.com/svc.Handle" || g.CreatorID != 6 {
		t.Errorf("created by: %+v in %d", g.CreatedBy, g.CreatorID)
	}
	if v, ok := Label(gs[1].Labels, "a/b_c.d"); !ok || string(v) != "e.f/g_h" || string(gs[1].State) != "select" {
		t.Errorf("bare label = %q, %v; state %q; labels %s", v, ok, gs[1].State, gs[1].Labels)
	}
}

// TestParseGo126Labels is TestParseGo127Labels for Go 1.26's header, with
// every key and value quoted inside the brackets.
func TestParseGo126Labels(t *testing.T) {
	g := parseAll([]byte(`goroutine 8 [select labels:{"a/b_c.d": "e.f/g_h", "k": "x] {y}: z"}]:` + "\nmain.f()\n"))
	if len(g) != 1 || string(g[0].State) != "select" {
		t.Fatalf("parsed %+v", g)
	}
	for key, want := range map[string]string{"a/b_c.d": "e.f/g_h", "k": "x] {y}: z"} {
		if v, ok := Label(g[0].Labels, key); !ok || string(v) != want {
			t.Errorf("label %q = %q, %v; labels %s", key, v, ok, g[0].Labels)
		}
	}
}

// TestParseLiveLabels parses the running Go's own header: whichever
// format this release prints, a labelled goroutine's labels must be read.
func TestParseLiveLabels(t *testing.T) {
	t.Setenv("GODEBUG", "tracebacklabels=1")
	got := make(chan []byte)
	pprof.Do(context.Background(), pprof.Labels("leaklint.test", "17", "k", "needs quoting: {]"), func(context.Context) {
		go func() {
			buf := make([]byte, 4<<10)
			got <- buf[:runtime.Stack(buf, false)]
		}()
	})
	dump := <-got
	gs := parseAll(dump)
	if len(gs) != 1 {
		t.Fatalf("parsed %d goroutines from %s", len(gs), dump)
	}
	for key, want := range map[string]string{"leaklint.test": "17", "k": "needs quoting: {]"} {
		if v, ok := Label(gs[0].Labels, key); !ok || Unquote(v) != want {
			t.Errorf("%s: label %q = %q, %v, want %q; header:\n%s", runtime.Version(), key, v, ok, want, dump)
		}
	}
}

func TestParseGarbage(t *testing.T) {
	for _, in := range []string{
		"",
		"goroutine",
		"goroutine x [running]:",
		"goroutine 5 [running]",
		"goroutine 5 ]:[",
		"goroutine 18446744073709551616999 [a]:\n",
		"goroutine 5 [chan send labels:{\"unterminated]:\ncreated by \n\t:",
		"goroutine 5 [chan send] {\"unterminated}:\n",
		"goroutine 5 [chan send] {k: v}x}:\n",
		"goroutine 5 [a] {: , : }:\n",
		"goroutine 5 [a]{k: v}:\n",
		"created by x\n\tfile.go:1\ngoroutine 2 [idle]:\nf(\n\t:9999999999999\n",
	} {
		for d := NewDump([]byte(in)); ; {
			var g Goroutine
			if !d.Next(&g) {
				break
			}
			for it := NewFrames(&g); ; {
				var f Frame
				if !it.Next(&f) {
					break
				}
			}
			Label(g.Labels, "x")
		}
	}
}

func TestUnquote(t *testing.T) {
	for raw, want := range map[string]string{
		`plain`:                "plain",
		`a\"b\\c\n\r\t`:        "a\"b\\c\n\r\t",
		`\x1b\u03a3\U0001f600`: "\x1bΣ😀",
		`bad\x1 \uZZZZ\`:       `bad\x1 \uZZZZ\`,
	} {
		if got := Unquote([]byte(raw)); got != want {
			t.Errorf("Unquote(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestParseDoesNotAllocate(t *testing.T) {
	var dump []byte
	for _, name := range []string{"go1.26-dump.txt", "go1.27-dump.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		dump = append(dump, b...)
	}
	var g Goroutine
	var f Frame
	allocs := testing.AllocsPerRun(20, func() {
		for d := NewDump(dump); d.Next(&g); {
			Label(g.Labels, "leaklint.test")
			for it := NewFrames(&g); it.Next(&f); {
			}
		}
	})
	if allocs != 0 {
		t.Errorf("parsing a dump allocated %v times", allocs)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(handWritten))
	f.Add([]byte(handWritten127))
	if paths, _ := filepath.Glob(filepath.Join("testdata", "*.txt")); len(paths) > 0 {
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, dump []byte) {
		inside := func(part []byte) bool {
			if len(part) == 0 {
				return true
			}
			// Every slice the parser returns must alias the input.
			lo := uintptr(unsafe.Pointer(unsafe.SliceData(dump)))
			p := uintptr(unsafe.Pointer(unsafe.SliceData(part)))
			return p >= lo && p+uintptr(len(part)) <= lo+uintptr(len(dump))
		}
		for d := NewDump(dump); ; {
			var g Goroutine
			if !d.Next(&g) {
				break
			}
			if !inside(g.Text) || !inside(g.State) || !inside(g.Labels) || !inside(g.CreatedBy.Func) {
				t.Fatalf("slice outside the input for goroutine %d", g.ID)
			}
			if g.CreatedBy.Line < 0 || g.WaitMinutes < 0 {
				t.Fatalf("negative number: %+v", g)
			}
			if v, ok := Label(g.Labels, "leaklint.test"); ok {
				Unquote(v)
			}
			for it := NewFrames(&g); ; {
				var fr Frame
				if !it.Next(&fr) {
					break
				}
				if !inside(fr.Func) || !inside(fr.File) || fr.Line < 0 {
					t.Fatalf("bad frame %+v", fr)
				}
			}
		}
	})
}
