// Package stack parses the text that runtime.Stack(buf, true) prints,
// without allocating: every field it returns is a slice of the dump.
//
// The parser accepts anything. Text that does not look like a goroutine is
// skipped, a truncated dump yields the goroutines it holds, and a malformed
// frame yields what could be read of it; nothing panics (see FuzzParse).
package stack

import (
	"bytes"
	"unicode/utf8"
)

// Goroutine is one goroutine of a dump. Its byte slices alias the dump and
// are valid only as long as the dump is.
type Goroutine struct {
	ID uint64
	// State is the wait reason or status, such as "chan receive", without
	// the " (leaked)", " (scan)" and " (durable)" markers.
	State []byte
	// WaitMinutes is how long the goroutine has been blocked, as the runtime
	// prints it: in whole minutes, and only from one minute on.
	WaitMinutes int
	// Leaked is set when the garbage collector proved the goroutine can
	// never be woken (the goroutineleak profile: Go 1.27, or Go 1.26 with
	// GOEXPERIMENT=goroutineleakprofile).
	Leaked bool
	// Labels is the text between the braces of the header's label set:
	// "labels:{...}" inside the brackets up to Go 1.26, "] {...}:" after
	// them from Go 1.27. Keys and values are quoted as the runtime escapes
	// them, except that Go 1.27 leaves bare those made only of letters,
	// digits, '.', '/' and '_'. Use Label or NextLabel to read it.
	Labels []byte
	// Text is the goroutine's whole entry, header to last frame.
	Text []byte
	// Frames is the part of Text after the header; iterate it with Frames.
	Frames []byte
	// CreatedBy is the frame of the "created by" line, if any.
	CreatedBy Frame
	// CreatorID is the goroutine named by "created by ... in goroutine N",
	// or 0.
	CreatorID uint64
}

// Frame is one call in a goroutine's stack.
type Frame struct {
	Func []byte // fully qualified function name, without arguments
	File []byte // absolute file name, as the runtime prints it
	Line int
}

// Dump iterates over the goroutines of a dump.
type Dump struct {
	rest []byte
}

// NewDump returns an iterator over the goroutines printed in dump.
func NewDump(dump []byte) Dump { return Dump{rest: dump} }

var headerPrefix = []byte("goroutine ")

// Next parses the next goroutine into g and reports whether there was one.
func (d *Dump) Next(g *Goroutine) bool {
	for len(d.rest) > 0 {
		line, rest := cutLine(d.rest)
		if !bytes.HasPrefix(line, headerPrefix) || !parseHeader(line, g) {
			d.rest = rest
			continue
		}
		// The entry ends at the first blank line, or where the next header
		// begins if a truncated or odd dump left out the blank line.
		end := len(d.rest) - len(rest)
		for len(rest) > 0 {
			next, after := cutLine(rest)
			if len(next) == 0 || bytes.HasPrefix(next, headerPrefix) {
				break
			}
			end = len(d.rest) - len(after)
			rest = after
		}
		g.Text = bytes.TrimRight(d.rest[:end], "\n")
		g.Frames = g.Text[min(len(line)+1, len(g.Text)):]
		d.rest = d.rest[end:]
		parseCreatedBy(g)
		return true
	}
	return false
}

// cutLine splits b after its first line, dropping the newline.
func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:]
	}
	return b, nil
}

var (
	labelsMarker = []byte(" labels:{") // Go 1.26: inside the brackets
	labelsAfter  = []byte("] {")       // Go 1.27: after them
	leakedMarker = []byte(" (leaked)")
	scanMarker   = []byte(" (scan)")
	durableMark  = []byte(" (durable)")
	minutesMark  = []byte(" minutes")
	commaSpace   = []byte(", ")
)

// parseHeader reads a goroutine header in either of the runtime's forms:
//
//	goroutine N [state, M minutes, ... labels:{"k": "v"}]:   (Go 1.26)
//	goroutine N [state, M minutes, ...] {k: v}:              (Go 1.27)
//
// With GOTRACEBACK=system or higher the runtime adds " gp=... m=..." after
// the ID, which is skipped.
func parseHeader(line []byte, g *Goroutine) bool {
	*g = Goroutine{}
	rest := line[len(headerPrefix):]
	id, n := parseUint(rest)
	if n == 0 {
		return false
	}
	g.ID = id
	open := bytes.IndexByte(rest, '[')
	if open < 0 || len(rest) < 2 || rest[len(rest)-1] != ':' {
		return false
	}
	var inner []byte
	switch body := rest[open+1 : len(rest)-1]; {
	case len(body) > 0 && body[len(body)-1] == ']':
		// No labels, or Go 1.26's inside the brackets. Label values are
		// quoted with newlines escaped, so the header is one line and its
		// last "]:" is the real end even if a value holds "]:".
		inner = body[:len(body)-1]
		if i := bytes.Index(inner, labelsMarker); i >= 0 {
			labels := inner[i+len(labelsMarker):]
			if len(labels) > 0 && labels[len(labels)-1] == '}' {
				g.Labels = labels[:len(labels)-1]
			}
			inner = inner[:i]
		}
	case len(body) > 0 && body[len(body)-1] == '}':
		// Go 1.27: the labels follow the brackets. The state holds no
		// "] {", so its first occurrence ends the state even if a label
		// holds one.
		i := bytes.Index(body, labelsAfter)
		if i < 0 {
			return false
		}
		inner = body[:i]
		g.Labels = body[i+len(labelsAfter) : len(body)-1]
	default:
		return false
	}
	state, more, _ := bytes.Cut(inner, commaSpace)
	// The runtime prints the markers in this order: leaked, scan, durable.
	state = bytes.TrimSuffix(state, durableMark)
	state = bytes.TrimSuffix(state, scanMarker)
	if bytes.HasSuffix(state, leakedMarker) {
		state = state[:len(state)-len(leakedMarker)]
		g.Leaked = true
	}
	g.State = state
	for len(more) > 0 {
		var part []byte
		part, more, _ = bytes.Cut(more, commaSpace)
		if bytes.HasSuffix(part, minutesMark) {
			if m, n := parseUint(part); n == len(part)-len(minutesMark) && m < 1<<31 {
				g.WaitMinutes = int(m)
			}
		}
	}
	return true
}

// parseUint reads leading decimal digits, returning the value and how many
// bytes it used; overflowing input stops the number early.
func parseUint(b []byte) (uint64, int) {
	var v uint64
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if v > (1<<63)/10 {
			break
		}
		v = v*10 + uint64(b[i]-'0')
	}
	return v, i
}

var (
	createdByPrefix = []byte("created by ")
	inGoroutine     = []byte(" in goroutine ")
)

// parseCreatedBy fills g.CreatedBy from the "created by" line, which the
// runtime prints last, followed by its file line.
func parseCreatedBy(g *Goroutine) {
	i := bytes.LastIndex(g.Frames, createdByPrefix)
	if i < 0 || (i > 0 && g.Frames[i-1] != '\n') {
		return
	}
	line, rest := cutLine(g.Frames[i+len(createdByPrefix):])
	fn := line
	if j := bytes.Index(line, inGoroutine); j >= 0 {
		fn = line[:j]
		g.CreatorID, _ = parseUint(line[j+len(inGoroutine):])
	}
	g.CreatedBy.Func = fn
	fileLine, _ := cutLine(rest)
	g.CreatedBy.File, g.CreatedBy.Line = parseFileLine(fileLine)
}

// Frames iterates over the calls of a goroutine, innermost first, leaving
// out the "created by" entry.
type Frames struct {
	rest []byte
}

// NewFrames returns an iterator over g's frames.
func NewFrames(g *Goroutine) Frames { return Frames{rest: g.Frames} }

// Next parses the next frame into f and reports whether there was one.
func (it *Frames) Next(f *Frame) bool {
	for len(it.rest) > 0 {
		line, rest := cutLine(it.rest)
		it.rest = rest
		if len(line) == 0 || line[0] == '\t' || line[0] == '[' || bytes.HasPrefix(line, []byte("...")) {
			// A stray file line, "[originating from goroutine N]:" or
			// "...additional frames elided...".
			continue
		}
		if bytes.HasPrefix(line, createdByPrefix) {
			it.rest = nil
			return false
		}
		*f = Frame{Func: funcName(line)}
		if next, after := cutLine(it.rest); len(next) > 0 && next[0] == '\t' {
			f.File, f.Line = parseFileLine(next)
			it.rest = after
		}
		return true
	}
	return false
}

// funcName strips the argument list from "pkg.(*T).m[...](0x1, {0x2})".
// Arguments hold no parentheses, so the last '(' opens them.
func funcName(line []byte) []byte {
	if len(line) > 0 && line[len(line)-1] == ')' {
		if i := bytes.LastIndexByte(line, '('); i > 0 {
			return line[:i]
		}
	}
	return line
}

// parseFileLine reads "\t/path/file.go:42 +0x1d".
func parseFileLine(b []byte) (file []byte, line int) {
	b = bytes.TrimPrefix(b, []byte("\t"))
	if i := bytes.LastIndex(b, []byte(" +0x")); i >= 0 {
		b = b[:i]
	}
	i := bytes.LastIndexByte(b, ':')
	if i < 0 {
		return b, 0
	}
	n, used := parseUint(b[i+1:])
	if used == 0 || used != len(b)-i-1 || n >= 1<<31 {
		return b, 0
	}
	return b[:i], int(n)
}

// Label returns the raw, still escaped value of key in labels (as found in
// Goroutine.Labels), in either runtime's form. key must not need escaping.
// It does not allocate.
func Label(labels []byte, key string) (value []byte, ok bool) {
	for len(labels) > 0 {
		k, v, rest, ok := NextLabel(labels)
		if !ok {
			return nil, false
		}
		if string(k) == key {
			return v, true
		}
		labels = rest
	}
	return nil, false
}

// NextLabel splits the first `key: value` pair off label text, returning
// key and value still escaped (see Unquote). Each is either quoted
// ("a b") or, as Go 1.27 prints those that need no quoting, bare (a.b/c).
func NextLabel(labels []byte) (key, value, rest []byte, ok bool) {
	key, rest, ok = labelToken(labels)
	if !ok || !bytes.HasPrefix(rest, []byte(": ")) {
		return nil, nil, nil, false
	}
	value, rest, ok = labelToken(rest[2:])
	if !ok {
		return nil, nil, nil, false
	}
	if len(rest) > 0 && !bytes.HasPrefix(rest, commaSpace) {
		return nil, nil, nil, false
	}
	return key, value, bytes.TrimPrefix(rest, commaSpace), true
}

// labelToken splits a leading key or value off b: a quoted string, or a
// bare run of the characters Go 1.27 leaves unquoted (possibly empty, as
// the runtime prints an empty string bare).
func labelToken(b []byte) (s, rest []byte, ok bool) {
	if len(b) > 0 && b[0] == '"' {
		return quoted(b)
	}
	i := 0
	for i < len(b) && bareLabelByte(b[i]) {
		i++
	}
	return b[:i], b[i:], true
}

// bareLabelByte reports whether Go 1.27 prints c in a label without
// quoting the label (runtime.tracebackStringNeedsQuoting).
func bareLabelByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '/' || c == '_'
}

// quoted splits a leading "..." string (returned without its quotes,
// escapes untouched) from b.
func quoted(b []byte) (s, rest []byte, ok bool) {
	if len(b) == 0 || b[0] != '"' {
		return nil, nil, false
	}
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return b[1:i], b[i+1:], true
		}
	}
	return nil, nil, false
}

// Unquote decodes the escapes the runtime uses in label text (\", \\, \n,
// \r, \t, \xNN, \uNNNN, \UNNNNNNNN). Malformed escapes are kept as they
// are. Unlike the rest of the package it allocates, so call it only for
// values that will be reported.
func Unquote(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw)
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 == len(raw) {
			out = append(out, c)
			continue
		}
		i++
		switch e := raw[i]; e {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'x', 'u', 'U':
			width := 2
			if e == 'u' {
				width = 4
			} else if e == 'U' {
				width = 8
			}
			v, ok := parseHex(raw[i+1:], width)
			if !ok {
				out = append(out, '\\', e)
				continue
			}
			if e == 'x' {
				out = append(out, byte(v))
			} else {
				out = utf8.AppendRune(out, rune(v))
			}
			i += width
		default:
			out = append(out, e)
		}
	}
	return string(out)
}

func parseHex(b []byte, width int) (uint32, bool) {
	if len(b) < width {
		return 0, false
	}
	var v uint32
	for _, c := range b[:width] {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uint32(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint32(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | uint32(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}
