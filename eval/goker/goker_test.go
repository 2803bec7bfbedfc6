package goker

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/leaklint/leaklint/eval/goker/wire"
)

const fixture = `package runtime_test

func TestGoroutineLeakProfile(t *testing.T) {
	microTests := []testCase{
		makeTest("ChanRecv",
			` + "`ChanRecv\\.func1\\(.* \\[chan receive\\]`" + `,
		),
		makeTest("NoLeakGlobal"),
	}
	gokerTestCases := []testCase{
		makeFlakyTest("Cockroach1055",
			` + "`Cockroach1055\\.func2\\(.* \\[chan receive\\]`" + `,
			` + "`Cockroach1055\\.func2\\.1\\(.* \\[sync\\.Mutex\\.Lock\\]`" + `,
		),
	}
	other := []testCase{makeTest("Ignored", "x")}
}
`

func TestParseExpectations(t *testing.T) {
	cases, err := ParseExpectations([]byte(fixture))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 3 {
		t.Fatalf("got %d cases, want 3 (the list not named like Go's is skipped): %+v", len(cases), cases)
	}
	c := cases[2]
	if c.Name != "Cockroach1055" || c.Set != "goker" || !c.Flaky || c.Simple || len(c.Leaks) != 2 {
		t.Errorf("Cockroach1055 parsed as %+v", c)
	}
	if !c.Leaks[1].MatchString("Cockroach1055.func2.1(0xc000) [sync.Mutex.Lock]") {
		t.Errorf("pattern %v does not match the key it was written for", c.Leaks[1])
	}
	if cases[1].Name != "NoLeakGlobal" || len(cases[1].Leaks) != 0 || !cases[1].Simple {
		t.Errorf("NoLeakGlobal parsed as %+v", cases[1])
	}
}

func TestParseExpectationsRejectsUnknownShape(t *testing.T) {
	src := strings.Replace(fixture, `makeTest("NoLeakGlobal")`, `makeTest(name)`, 1)
	if _, err := ParseExpectations([]byte(src)); err == nil {
		t.Error("a case built from a variable parsed without error; the evaluation would silently lose it")
	}
}

// The toolchain's own list must parse, and every scored case must exist in
// the adapted corpus, or the evaluation would skip programs unnoticed.
func TestToolchainExpectationsMatchCorpus(t *testing.T) {
	cases, err := LoadExpectations()
	if err != nil {
		t.Fatal(err)
	}
	registered := map[string]bool{}
	for _, set := range []string{"goker", "patterns"} {
		files, _ := filepath.Glob(filepath.Join("testdata", set, "*.go"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range regexp.MustCompile(`register\("(\w+)"`).FindAllSubmatch(data, -1) {
				registered[string(m[1])] = true
			}
		}
	}
	sets := map[string]int{}
	for _, c := range cases {
		sets[c.Set]++
		if !registered[c.Name] {
			t.Errorf("case %s (%s) is not registered by any program in testdata", c.Name, c.Set)
		}
	}
	for _, s := range []string{"micro", "stress", "patterns", "goker"} {
		if sets[s] == 0 {
			t.Errorf("no %s cases parsed from %s", s, ExpectationsFile())
		}
	}
}

const profileDump = `goroutine profile: total 2
goroutine 7 [chan send (leaked)]:
main.(*benchmarkClient_grpc660).doCloseLoopUnary.func1()
	/x/grpc660.go:33 +0x3c
created by main.(*benchmarkClient_grpc660).doCloseLoopUnary in goroutine 6
	/x/grpc660.go:31 +0x5e

goroutine 9 [sync.Mutex.Lock, 2 minutes]:
sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/sema.go:95 +0x25
sync.(*Mutex).Lock(...)
	/usr/local/go/src/sync/mutex.go:81
main.Cockroach7504.func2.1(0xc000012345)
	/x/cockroach7504.go:10 +0x1
created by main.Cockroach7504.func2 in goroutine 8
	/x/cockroach7504.go:9 +0x2
`

func TestParseStacksRuntimeFormat(t *testing.T) {
	gs := ParseStacks(profileDump)
	if len(gs) != 2 {
		t.Fatalf("got %d goroutines, want 2: %+v", len(gs), gs)
	}
	if g := gs[0]; !g.Leaked || g.State != "chan send" || g.Key() != "(*benchmarkClient_grpc660).doCloseLoopUnary.func1() [chan send]" {
		t.Errorf("first goroutine: %+v key %q", g, g.Key())
	}
	g := gs[1]
	if g.Leaked || g.State != "sync.Mutex.Lock" || g.Top != "sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)" {
		t.Errorf("second goroutine: %+v", g)
	}
	if g.Entry != "main.Cockroach7504.func2.1(0xc000012345)" || !strings.HasPrefix(g.CreatedBy, "main.Cockroach7504.func2 in goroutine 8") {
		t.Errorf("entry %q, created by %q", g.Entry, g.CreatedBy)
	}
}

func parkedForTest(ch chan int) { <-ch }

// A live traceback of a goroutine parked in a known function parses to that
// function and wait reason.
func TestParseStacksLiveTraceback(t *testing.T) {
	ch := make(chan int)
	defer close(ch)
	go parkedForTest(ch)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		buf := make([]byte, 1<<20)
		for _, g := range ParseStacks(string(buf[:runtime.Stack(buf, true)])) {
			if strings.Contains(g.Entry, "parkedForTest") && g.State == "chan receive" {
				return
			}
		}
		runtime.Gosched()
	}
	t.Fatal("the parked goroutine never appeared as parkedForTest [chan receive]")
}

func TestParseStacksGoleakFormat(t *testing.T) {
	text := "found unexpected goroutines:\n[Goroutine 21 in state chan receive, with main.f on top of the stack:\nmain.f()\n\t/x/a.go:3 +0x1\ncreated by main.g in goroutine 1\n\t/x/a.go:9 +0x2\n Goroutine 22 in state select (no cases), with main.h on top of the stack:\nmain.h()\n\t/x/a.go:5 +0x1\ncreated by main.g in goroutine 1\n\t/x/a.go:10 +0x2\n]"
	gs := ParseStacks(text)
	if len(gs) != 2 {
		t.Fatalf("got %d goroutines, want 2: %+v", len(gs), gs)
	}
	if gs[0].Key() != "f() [chan receive]" || gs[1].Key() != "h() [select (no cases)]" || gs[1].ID != 22 {
		t.Errorf("keys %q, %q (id %d)", gs[0].Key(), gs[1].Key(), gs[1].ID)
	}
}

func TestReportsProfileKeepsOnlyLeaked(t *testing.T) {
	gs, err := Reports(wire.ToolProfile, profileDump)
	if err != nil || len(gs) != 1 || gs[0].ID != 7 {
		t.Errorf("profile reports %+v, %v; want goroutine 7 only", gs, err)
	}
	gs, _ = Reports(wire.ToolGoleak, profileDump)
	if len(gs) != 2 {
		t.Errorf("goleak reports %d goroutines, want both", len(gs))
	}
}

func TestParseLeaklintExpandsGroups(t *testing.T) {
	raw := "leak: 3 goroutines started by goker still running" + wire.JSONReportMarker +
		`{"version":1,"leaks":[{"count":3,"state":"chan send","definite":true,"function":"main.f","stack":"goroutine 5 [chan send]:\nmain.f()\n\t/x/a.go:1 +0x1\ncreated by main.g in goroutine 1\n\t/x/a.go:2 +0x1\n"}]}`
	gs, err := ParseLeaklint(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 3 || gs[0].Key() != "f() [chan send]" || !gs[0].Leaked {
		t.Errorf("got %+v", gs)
	}
	if _, err := ParseLeaklint("x" + wire.JSONReportMarker + "{"); err == nil {
		t.Error("a truncated JSON report parsed without error")
	}
}

func TestScore(t *testing.T) {
	c := Case{Name: "P", Leaks: []*regexp.Regexp{regexp.MustCompile(`f\(.* \[chan send\]`), regexp.MustCompile(`g\(.* \[select\]`)}}
	clean := Case{Name: "Clean"}
	runs := []Run{
		{Program: "P", Tool: "a", Outcome: OutcomeOK, Wall: time.Second, Reports: []Goroutine{{Entry: "main.f()", State: "chan send"}, {Entry: "main.f()", State: "chan send"}, {Entry: "main.x()", State: "chan send"}}},
		{Program: "P", Tool: "a", Outcome: OutcomeTimeout, Wall: time.Second},
		{Program: "P", Tool: "b", Outcome: OutcomeOK},
		{Program: "Clean", Tool: "a", Outcome: OutcomeOK, Reports: []Goroutine{{Entry: "main.y()", State: "select"}}},
		{Program: "Clean", Tool: "b", Outcome: OutcomeOK},
	}
	s := Score(c, "a", runs)
	if s.Runs != 2 || s.Timeouts != 1 || s.Matched != 2 || s.FalseAlarms() != 1 || s.HitCount() != 1 || !s.Detected() || s.Wall != 2*time.Second {
		t.Errorf("score %+v", s)
	}
	scores := []CaseScore{s, Score(c, "b", runs), Score(clean, "a", runs), Score(clean, "b", runs)}
	ta := Sum("a", scores)
	if ta.Detected != 1 || ta.LeakyCases != 1 || ta.Patterns != 2 || ta.PatternsHit != 1 || ta.CleanCases != 1 || ta.CleanFlagged != 1 || ta.FalseAlarms != 2 || ta.FalseAlarmCases != 2 {
		t.Errorf("totals of a: %+v", ta)
	}
	if tb := Sum("b", scores); tb.Detected != 0 || tb.CleanFlagged != 0 || tb.FalseAlarms != 0 {
		t.Errorf("totals of b: %+v", tb)
	}
	if m := Missed(scores, "a", "b"); len(m) != 1 || m[0] != "P" {
		t.Errorf("missed by b: %v", m)
	}
	if m := Missed(scores, "b", "a"); len(m) != 0 {
		t.Errorf("missed by a: %v", m)
	}
	md := Markdown([]Case{c, clean}, []Tool{{Name: "a"}, {Name: "b"}}, scores, 2)
	if !strings.Contains(md, "| a | 1 / 1 | 1 / 2 | 2 | 2 / 2 | 1 / 1 | 3 (1, 0) |") {
		t.Errorf("summary row of a missing from:\n%s", md)
	}
}

func TestMarkdownGroupsFalseAlarmsAcrossArguments(t *testing.T) {
	clean := Case{Name: "Clean"}
	runs := []Run{{Program: "Clean", Tool: "a", Outcome: OutcomeOK, Reports: []Goroutine{
		{Entry: "main.f(0x1, 0xc0001)", State: "chan receive"},
		{Entry: "main.f(0x2, 0xc0002)", State: "chan receive"},
	}}}
	md := Markdown([]Case{clean}, []Tool{{Name: "a"}}, []CaseScore{Score(clean, "a", runs)}, 1)
	if !strings.Contains(md, "| a | Clean | `f(...) [chan receive]` | 2 |") {
		t.Errorf("false alarms of one go statement not grouped:\n%s", md)
	}
}

// In a paired run leaklint has turned on goroutine labels, which goleak
// copies into its "in state" text: the key must not include them.
func TestParseStacksGoleakWithLabels(t *testing.T) {
	gs := ParseStacks(`found unexpected goroutines:
[Goroutine 9 in state chan receive (leaked) labels:{"leaklint.test": "1"}, with main.ChanRecv.func1 on top of the stack:
main.ChanRecv.func1()
	/x/simple.go:69 +0x25
created by main.ChanRecv in goroutine 1
	/x/simple.go:68 +0x2a
]`)
	if len(gs) != 1 || !gs[0].Leaked || gs[0].Key() != "ChanRecv.func1() [chan receive]" {
		t.Fatalf("parsed %+v", gs)
	}
}
