package static

import (
	"strings"
	"testing"
)

func TestParseCheckerJSONStandaloneAndVet(t *testing.T) {
	standalone := `{
	"p/a": {
		"lostsend": [{"posn": "/m/a/x.go:12:3", "end": "/m/a/x.go:12:9", "message": "send may block forever"}],
		"missingcancel": {"error": "boom"}
	}
}`
	vet := "# p/b\n{\n\t\"p/b\": {\"lostcancel\": [{\"posn\": \"C:/w/b.go:4:1\", \"message\": \"m\"}]}\n}\n# p/c\n{}\n"
	fs, errs, err := ParseCheckerJSON(strings.NewReader(standalone + "\n" + vet))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || len(errs) != 1 {
		t.Fatalf("findings %+v, errors %+v", fs, errs)
	}
	if fs[0] != (Finding{Pkg: "p/a", Analyzer: "lostsend", File: "/m/a/x.go", Line: 12, Col: 3, Message: "send may block forever"}) {
		t.Errorf("finding %+v", fs[0])
	}
	if fs[1].File != "C:/w/b.go" || fs[1].Line != 4 {
		t.Errorf("a file name with a colon split as %q:%d", fs[1].File, fs[1].Line)
	}
	if errs[0] != (AnalyzerError{"p/a", "missingcancel", "boom"}) {
		t.Errorf("error %+v", errs[0])
	}
	if _, _, err := ParseCheckerJSON(strings.NewReader("leaklint: fact type registered twice\n")); err == nil {
		t.Error("a crash message parsed as an empty result")
	}
}

func TestParseStaticcheckJSON(t *testing.T) {
	in := `{"code":"SA2002","severity":"error","location":{"file":"/a/b.go","line":7,"column":2},"message":"m1"}
{"code":"S1000","severity":"error","location":{"file":"/a/a.go","line":3,"column":1},"message":"m2"}`
	fs, err := ParseStaticcheckJSON(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].Analyzer != "S1000" || fs[1].Line != 7 {
		t.Errorf("got %+v", fs)
	}
}

func TestLeakFunc(t *testing.T) {
	for in, want := range map[string]string{
		`\(\*Tx_cockroach13197\)\.awaitDone\(.* \[chan receive\]`:   "Tx_cockroach13197.awaitDone",
		`\(*Store_cockroach10214\)\.sendQueuedHeartbeats\(.* \[x\]`: "Store_cockroach10214.sendQueuedHeartbeats",
		`Cockroach1055\.func2\.1\(.* \[sync\.Mutex\.Lock\]`:         "Cockroach1055",
		`worker\.Start\.func1\(.* \[select\]`:                       "worker",
		`noCloseRange\(.* \[chan send\]`:                            "noCloseRange",
	} {
		if got := LeakFunc(in); got != want {
			t.Errorf("LeakFunc(%s) = %q, want %q", in, got, want)
		}
	}
}

const corpusFile = `package main

func init() { register("P", P) }

type worker struct{}

func (w *worker) Start() {
	go func() {}()
}

func P() {
	ch := make(chan int)
	go func() { ch <- 1 }()
}
`

func TestAttributeAndSummarize(t *testing.T) {
	funcs, err := Funcs("p.go", []byte(corpusFile))
	if err != nil {
		t.Fatal(err)
	}
	if got := Enclosing(funcs, 8); got != "worker.Start" {
		t.Errorf("line 8 is in %q, want worker.Start", got)
	}
	if regs := Registered([]byte(corpusFile)); len(regs) != 1 || regs[0] != "P" {
		t.Errorf("registered %v", regs)
	}
	progs := []Program{{Name: "P", File: "p.go", LeakFuncs: map[string]bool{"P": true}, Leaky: true}}
	fs := []Finding{
		{Analyzer: "lostsend", File: "/s/goker/p.go", Line: 13},
		{Analyzer: "lostsend", File: "/s/goker/p.go", Line: 8},
		{Analyzer: "other", File: "/s/goker/q.go", Line: 1},
	}
	as := Attribute(fs, progs, map[string][]Func{"p.go": funcs})
	if as[0].Program != "P" || as[0].Func != "P" || as[1].Program != "" || len(as[1].FilePrograms) != 1 || len(as[2].FilePrograms) != 0 {
		t.Errorf("attributions %+v", as)
	}
	ss := Summarize("leaklint", as, progs)
	if len(ss) != 2 || ss[0].Analyzer != "lostsend" || ss[0].Findings != 2 || ss[0].OnLeak != 1 || len(ss[0].ProgramsOnLeak) != 1 || len(ss[0].ProgramsInFile) != 1 {
		t.Errorf("summary %+v", ss)
	}
	if ss[1].OnLeak != 0 || len(ss[1].ProgramsInFile) != 0 {
		t.Errorf("a finding outside the corpus files was attributed: %+v", ss[1])
	}
	if u := Union(ss); len(u) != 1 || u[0] != "P" {
		t.Errorf("union %v", u)
	}
}
