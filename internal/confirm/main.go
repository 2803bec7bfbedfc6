package confirm

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `usage: leaklint confirm [-json] -static findings.json report.json|dir...

Joins leaklint's static findings (the output of 'leaklint -json ./...' saved
to a file) with the runtime leak reports that tests wrote under
LEAKLINT_REPORT_DIR (files, or directories of *.json files). For each
finding it prints whether a run confirmed it; for each runtime leak, the
finding that explains it or "unexplained (a gap in the passes)".

Exit status: 0 when every runtime leak is explained, 1 when some leak is
unexplained, 2 on a usage error or unreadable input.

Flags:
`

// Main runs `leaklint confirm` with args, the arguments after "confirm",
// and returns the exit status.
func Main(args []string) int {
	return Run(args, os.Stdout, os.Stderr)
}

// Run is Main with explicit output streams.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "confirm" {
		args = args[1:] // tolerate being handed the whole command line
	}
	fs := flag.NewFlagSet("leaklint confirm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the joined view as JSON")
	static := fs.String("static", "", "`file` holding the output of 'leaklint -json ./...' (- for standard input)")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *static == "" {
		fmt.Fprintln(stderr, "leaklint confirm: -static findings.json is required (save the output of 'leaklint -json ./...' to a file)")
		fs.Usage()
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "leaklint confirm: no runtime report given; run the tests with LEAKLINT_REPORT_DIR=dir and pass dir")
		fs.Usage()
		return 2
	}
	findings, failures, err := readFindingsFile(*static)
	if err != nil {
		fmt.Fprintf(stderr, "leaklint confirm: %v\n", err)
		return 2
	}
	reports, err := ReadReports(fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "leaklint confirm: %v\n", err)
		return 2
	}
	if len(reports) == 0 {
		fmt.Fprintln(stderr, "leaklint confirm: note: no report files found; no check failed, so nothing was confirmed")
	}
	res := Join(findings, reports)
	res.Failures = failures
	if *asJSON {
		err = WriteJSON(stdout, res)
	} else {
		err = WriteText(stdout, res)
	}
	if err != nil {
		fmt.Fprintf(stderr, "leaklint confirm: writing output: %v\n", err)
		return 2
	}
	if unexplained(res) {
		return 1
	}
	return 0
}

func readFindingsFile(name string) ([]Finding, []AnalysisError, error) {
	if name == "-" {
		f, fail, err := ReadFindings(os.Stdin)
		if err != nil {
			return nil, nil, fmt.Errorf("static findings on standard input: %w", err)
		}
		return f, fail, nil
	}
	file, err := os.Open(name)
	if err != nil {
		return nil, nil, fmt.Errorf("static findings: %w", err)
	}
	defer file.Close()
	f, fail, err := ReadFindings(file)
	if err != nil {
		return nil, nil, fmt.Errorf("static findings %s: %w", name, err)
	}
	return f, fail, nil
}

func unexplained(res Result) bool {
	explained := make([]bool, len(res.Leaks))
	for _, l := range res.Links {
		explained[l.Leak] = true
	}
	for _, e := range explained {
		if !e {
			return true
		}
	}
	return false
}
