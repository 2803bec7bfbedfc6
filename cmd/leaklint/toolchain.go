package main

import (
	"encoding/json"
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// installCommand is how a user rebuilds leaklint with their own toolchain.
const installCommand = "go install github.com/leaklint/leaklint/cmd/leaklint@latest"

// toolchainTooNew returns a one-line message when the code to analyse
// needs a newer Go than the one leaklint was built with, else "". go/types
// type-checks only the language versions of the Go it was built with: a
// leaklint built with Go 1.26 fails on every package (the standard
// library's included) of a Go 1.27 toolchain with "package requires newer
// Go version go1.27", followed by a cascade of skipped analyses.
//
// args are the command-line arguments after the program name. Under go
// vet (a single *.cfg argument) the package's own Go version is in the
// configuration; otherwise the go command that will list the packages,
// with the user's GOTOOLCHAIN and go.mod, names its version.
func toolchainTooNew(args []string) string {
	built := runtime.Version()
	if !version.IsValid(built) {
		return "" // a development build: no version to compare
	}
	for _, a := range args {
		switch strings.TrimLeft(a, "-") {
		case "V", "V=full", "flags", "h", "help":
			return "" // describes leaklint; loads nothing
		}
	}
	need, what := "", ""
	if len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") {
		need, what = vetConfigGoVersion(args[len(args)-1]), "the package's Go version"
	} else {
		out, err := exec.Command("go", "env", "GOVERSION").Output()
		if err != nil {
			return "" // the checker reports what is wrong with the go command
		}
		need, what = strings.TrimSpace(string(out)), "the go command in use"
	}
	if !version.IsValid(need) || version.Compare(version.Lang(need), version.Lang(built)) <= 0 {
		return ""
	}
	return fmt.Sprintf("leaklint: built with %s, it cannot type-check code for %s (%s); rebuild it with that toolchain: GOTOOLCHAIN=%s %s",
		built, need, what, need, installCommand)
}

// vetConfigGoVersion reads GoVersion from the configuration file go vet
// passes to its tool, or returns "".
func vetConfigGoVersion(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var cfg struct{ GoVersion string }
	if json.Unmarshal(data, &cfg) != nil {
		return ""
	}
	return cfg.GoVersion
}
