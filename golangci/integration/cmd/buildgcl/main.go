// Command buildgcl builds (or finds in its cache) a golangci-lint binary
// that includes the leaklint module plugin, and prints its path.
//
// It is `golangci-lint custom` without git: see package gclbuild.
//
//	cd golangci/integration && go run ./cmd/buildgcl -repo ../..
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/leaklint/leaklint/golangci/integration/gclbuild"
)

func main() {
	repo := flag.String("repo", "../..", "leaklint checkout (the directory holding the main go.mod)")
	cache := flag.String("cache", "", "cache directory (default $LEAKLINT_GCL_CACHE or the user cache dir)")
	quiet := flag.Bool("q", false, "do not log build steps to standard error")
	flag.Parse()
	if flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: buildgcl [-repo dir] [-cache dir] [-q]")
		os.Exit(2)
	}

	opts := gclbuild.Options{RepoRoot: *repo, CacheDir: *cache}
	if !*quiet {
		opts.Log = os.Stderr
	}
	bin, err := build(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(bin)
}

func build(opts gclbuild.Options) (string, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := gclbuild.Build(ctx, opts)
	return res.Binary, err
}
