// Command leaklint runs the leaklint passes.
//
//	leaklint [flags] ./...                     check packages
//	go vet -vettool=$(which leaklint) ./...    the same, under go vet
//	leaklint confirm ...                       join static findings with a runtime report
//
// Besides each pass's flags (-missingcancel.funcs, -unclosedstream.types,
// ...) it accepts the usual analysis driver flags: -json, -fix, -diff,
// -V=full, -flags, and -<pass>=false to turn a pass off.
package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/leaklint/leaklint/internal/analysisutil"
	"github.com/leaklint/leaklint/internal/confirm"
	"github.com/leaklint/leaklint/passes/lostsend"
	"github.com/leaklint/leaklint/passes/missingcancel"
	"github.com/leaklint/leaklint/passes/missingdone"
	"github.com/leaklint/leaklint/passes/missingunlock"
	"github.com/leaklint/leaklint/passes/unclosedstream"
	"github.com/leaklint/leaklint/passes/undrainedchan"
)

func main() {
	// confirm is a subcommand, not an analysis: multichecker would take
	// "confirm" for a package pattern.
	if len(os.Args) > 1 && os.Args[1] == "confirm" {
		os.Exit(confirm.Main(os.Args[2:]))
	}
	if msg := toolchainTooNew(os.Args[1:]); msg != "" {
		fmt.Fprintln(os.Stderr, msg)
		os.Exit(1)
	}
	// The passes that tell a checked package from a dependency do less on
	// the dependencies, where only their facts matter.
	scope := newScopeFrom(os.Args[1:])
	root := analysisutil.RootFunc(scope.Root)
	passes := []*analysis.Analyzer{
		missingcancel.Analyzer,
		unclosedstream.Analyzer,
		undrainedchan.New(undrainedchan.Config{Root: root}),
		lostsend.New(lostsend.Config{Depth: lostsend.DefaultDepth, Root: root}),
		missingunlock.New(missingunlock.Config{Root: root}),
		missingdone.New(missingdone.Config{Root: root}),
	}
	multichecker.Main(suite(root, scope.Idle, scope.Early, passes...)...)
}
