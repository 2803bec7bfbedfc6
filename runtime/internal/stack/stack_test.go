package stack

import (
	"bytes"
	"os"
	"path/filepath"
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

func TestParseGarbage(t *testing.T) {
	for _, in := range []string{
		"",
		"goroutine",
		"goroutine x [running]:",
		"goroutine 5 [running]",
		"goroutine 5 ]:[",
		"goroutine 18446744073709551616999 [a]:\n",
		"goroutine 5 [chan send labels:{\"unterminated]:\ncreated by \n\t:",
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
	dump, err := os.ReadFile(filepath.Join("testdata", "dump.txt"))
	if err != nil {
		t.Fatal(err)
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
