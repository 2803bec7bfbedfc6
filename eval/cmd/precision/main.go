// Command precision scores leaklint's findings on real code against the
// verdicts reviewed by hand in eval/precision/verdicts, the way
// shared/PRECISION.md describes.
//
// From the repository root:
//
//	go -C eval run ./cmd/precision                           # tally the verdicts
//	eval/precision/corpus.sh /tmp/corpus                     # set up the corpus, run leaklint
//	go -C eval run ./cmd/precision -corpus /tmp/corpus       # and compare with them
//
// With -corpus, each corpus directory's leaklint.json (leaklint -json output)
// is read, findings are counted once per position, and the command lists
// findings that have no verdict, real leaks that are no longer reported, and
// reviewed findings that went away. -strict makes the first two an error
// (exit 1).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/leaklint/leaklint/eval/precision"
	"github.com/leaklint/leaklint/eval/static"
)

func main() {
	verdictDir := flag.String("verdicts", "precision/verdicts", "directory of verdict files (*.tsv), relative to eval/")
	corpusDir := flag.String("corpus", "", "directory holding one subdirectory per corpus, each with a leaklint -json output")
	jsonName := flag.String("json", "leaklint.json", "name of the leaklint -json output in each corpus directory")
	strict := flag.Bool("strict", false, "exit 1 when a finding has no verdict or a real leak is no longer reported")
	flag.Parse()
	if err := run(*verdictDir, *corpusDir, *jsonName, *strict); err != nil {
		fmt.Fprintln(os.Stderr, "precision:", err)
		os.Exit(1)
	}
}

func run(verdictDir, corpusDir, jsonName string, strict bool) error {
	vs, err := precision.LoadDir(verdictDir)
	if err != nil {
		return err
	}
	if len(vs) == 0 && corpusDir == "" {
		return fmt.Errorf("no verdicts in %s/*.tsv", verdictDir)
	}
	fmt.Println("Every verdict, including positions no longer reported:")
	printTally(vs)
	if corpusDir == "" {
		return nil
	}
	outs, err := filepath.Glob(filepath.Join(corpusDir, "*", jsonName))
	if err != nil {
		return err
	}
	if len(outs) == 0 {
		return fmt.Errorf("no %s under %s/*/: run eval/precision/corpus.sh first", jsonName, corpusDir)
	}
	var fs []precision.Finding
	ran := map[string]bool{}
	for _, o := range outs {
		corpus := filepath.Base(filepath.Dir(o))
		f, err := os.Open(o)
		if err != nil {
			return err
		}
		found, aerrs, err := static.ParseCheckerJSON(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %v", o, err)
		}
		for _, e := range aerrs {
			fmt.Printf("analyzer error: %s %s: %s\n", e.Pkg, e.Analyzer, e.Err)
		}
		ran[corpus] = true
		fs = append(fs, precision.Dedup(corpus, found)...)
	}
	unreviewed, lost, gone := precision.Compare(fs, vs, ran)
	fmt.Printf("\n%d findings on %d corpora (%s)\n", len(fs), len(ran), strings.Join(sortedKeys(ran), ", "))
	fmt.Println("\nThe findings reported now, by their verdicts (unreviewed ones are not counted):")
	printTally(precision.Current(fs, vs))
	section("findings without a verdict", len(unreviewed), func() {
		for _, f := range unreviewed {
			fmt.Printf("  %s\t%s\t%s\t%s\n", f.Corpus, f.Pass, f.Position, f.Message)
		}
	})
	section("real leaks no longer reported", len(lost), func() {
		for _, v := range lost {
			fmt.Printf("  %s\t%s\t%s\t%s\n", v.Corpus, v.Pass, v.Position, v.Why)
		}
	})
	section("reviewed findings no longer reported", len(gone), func() {
		for _, v := range gone {
			fmt.Printf("  %s\t%s\t%s\t%s\t%s\n", v.Corpus, v.Pass, v.Position, v.Verdict, v.Why)
		}
	})
	if strict && (len(unreviewed) > 0 || len(lost) > 0) {
		return fmt.Errorf("%d findings without a verdict, %d real leaks lost", len(unreviewed), len(lost))
	}
	return nil
}

func printTally(vs []precision.Verdict) {
	fmt.Println("| pass | real | intended | harmless | false | findings | false share |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, t := range precision.Count(vs) {
		fmt.Printf("| %s | %d | %d | %d | %d | %d | %.1f%% |\n", t.Pass, t.Real, t.Intended, t.Harmless, t.False, t.Total(), 100*t.FalseShare())
	}
}

func section(title string, n int, body func()) {
	fmt.Printf("\n%s: %d\n", title, n)
	if n > 0 {
		body()
	}
}

func sortedKeys(m map[string]bool) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
