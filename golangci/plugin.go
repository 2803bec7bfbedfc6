// Package golangci is the golangci-lint module plugin of leaklint.
//
// Importing it registers the linter "leaklint" with
// github.com/golangci/plugin-module-register; `golangci-lint custom` does
// that import in the binary it builds. The registration lives here rather
// than in the pass packages so that they stay free of init side effects
// (which golangci-lint asks of analyzers) and usable from go vet, nogo and
// cmd/leaklint alike.
//
// The plugin is configured in .golangci.yml:
//
//	linters:
//	  enable:
//	    - leaklint
//	  settings:
//	    custom:
//	      leaklint:
//	        type: module
//	        settings:
//	          unclosedstream:
//	            types: [example.com/pool.Conn]
//	          lostsend:
//	            enabled: false
//
// See Settings for every key.
package golangci

import (
	"errors"
	"fmt"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/passes/lostsend"
	"github.com/leaklint/leaklint/passes/missingcancel"
	"github.com/leaklint/leaklint/passes/missingdone"
	"github.com/leaklint/leaklint/passes/missingunlock"
	"github.com/leaklint/leaklint/passes/unclosedstream"
	"github.com/leaklint/leaklint/passes/undrainedchan"
)

// Name is the linter name in .golangci.yml and in //nolint directives.
const Name = "leaklint"

func init() {
	register.Plugin(Name, New)
}

// Settings is the `settings:` block of the leaklint entry under
// linters.settings.custom. Every pass runs unless its enabled is false.
// Keys are lower case because golangci-lint lower-cases the keys of
// plugin settings before handing them over; unknown keys are an error.
type Settings struct {
	MissingCancel  MissingCancelSettings  `json:"missingcancel"`
	UnclosedStream UnclosedStreamSettings `json:"unclosedstream"`
	UndrainedChan  UndrainedChanSettings  `json:"undrainedchan"`
	LostSend       LostSendSettings       `json:"lostsend"`
	MissingUnlock  PassSettings           `json:"missingunlock"`
	MissingDone    PassSettings           `json:"missingdone"`
}

// PassSettings configures a pass that has no options besides enabled:
// passes/missingunlock and passes/missingdone.
type PassSettings struct {
	Enabled *bool `json:"enabled"`
}

// MissingCancelSettings configures passes/missingcancel.
type MissingCancelSettings struct {
	Enabled *bool `json:"enabled"`
	// Funcs lists more functions, by types.Func.FullName, whose last
	// result is a cancel function the caller must call.
	Funcs []string `json:"funcs"`
}

// UnclosedStreamSettings configures passes/unclosedstream.
type UnclosedStreamSettings struct {
	Enabled *bool `json:"enabled"`
	// Types lists more must-close types, as "importpath.Type" (released by
	// Close), "importpath.Type:Method", "importpath.Type.Field:Method"
	// (released through a field) or "importpath.Type:Method:Next" (also
	// released when Next returns false).
	Types []string `json:"types"`
}

// UndrainedChanSettings configures passes/undrainedchan.
type UndrainedChanSettings struct {
	Enabled *bool `json:"enabled"`
	// Producers lists more producers, as "importpath.Func" or
	// "importpath.Type.Method": their first channel result must be drained
	// and their first context.Context parameter releases them.
	Producers []string `json:"producers"`
}

// LostSendSettings configures passes/lostsend.
type LostSendSettings struct {
	Enabled *bool `json:"enabled"`
	// Depth bounds how many calls deep the pass follows a channel into
	// same-package functions that send on it. Unset means the pass's
	// default.
	Depth *int `json:"depth"`
}

type plugin struct {
	analyzers []*analysis.Analyzer
}

// New decodes golangci-lint's settings for leaklint and builds the
// configured analyzers, so that a bad setting fails when golangci-lint
// loads its configuration rather than halfway through a run.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("leaklint settings: %w", err)
	}
	analyzers, err := s.Analyzers()
	if err != nil {
		return nil, fmt.Errorf("leaklint settings: %w", err)
	}
	return &plugin{analyzers: analyzers}, nil
}

// BuildAnalyzers returns the enabled passes, each a fresh instance
// configured from the settings.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return p.analyzers, nil
}

// GetLoadMode asks for type information: every pass needs it (and SSA).
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// Analyzers validates s and returns the enabled passes configured from it.
func (s Settings) Analyzers() ([]*analysis.Analyzer, error) {
	var errs []string
	var out []*analysis.Analyzer
	if enabled(s.MissingCancel.Enabled) {
		check := missingcancel.New(missingcancel.Config{}).Flags.Lookup("funcs")
		if err := checkEntries("missingcancel.funcs", s.MissingCancel.Funcs, check.Value.Set); err != nil {
			errs = append(errs, err.Error())
		}
		out = append(out, missingcancel.New(missingcancel.Config{Funcs: s.MissingCancel.Funcs}))
	}
	if enabled(s.UnclosedStream.Enabled) {
		// The pass's own flag parser knows the accepted syntax; asking it
		// keeps this package from growing a second, drifting copy.
		check := unclosedstream.New(unclosedstream.Config{}).Flags.Lookup("types")
		if err := checkEntries("unclosedstream.types", s.UnclosedStream.Types, check.Value.Set); err != nil {
			errs = append(errs, err.Error())
		}
		out = append(out, unclosedstream.New(unclosedstream.Config{Types: s.UnclosedStream.Types}))
	}
	if enabled(s.UndrainedChan.Enabled) {
		check := undrainedchan.New(undrainedchan.Config{}).Flags.Lookup("producers")
		if err := checkEntries("undrainedchan.producers", s.UndrainedChan.Producers, check.Value.Set); err != nil {
			errs = append(errs, err.Error())
		}
		out = append(out, undrainedchan.New(undrainedchan.Config{Producers: s.UndrainedChan.Producers}))
	}
	if enabled(s.LostSend.Enabled) {
		cfg := lostsend.Config{Depth: lostsend.DefaultDepth}
		if d := s.LostSend.Depth; d != nil {
			if *d < 0 {
				errs = append(errs, fmt.Sprintf("lostsend.depth is %d, want 0 or more", *d))
			}
			cfg.Depth = *d
		}
		out = append(out, lostsend.New(cfg))
	}
	if enabled(s.MissingUnlock.Enabled) {
		out = append(out, missingunlock.New(missingunlock.Config{}))
	}
	if enabled(s.MissingDone.Enabled) {
		out = append(out, missingdone.New(missingdone.Config{}))
	}
	// One line for all problems: golangci-lint prints the error after its
	// own prefix, where a multi-line error loses its context.
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "; "))
	}
	if len(out) == 0 {
		return nil, errors.New("every pass is disabled; remove leaklint from the enabled linters instead")
	}
	return out, nil
}

func enabled(b *bool) bool { return b == nil || *b }

// checkEntries rejects empty entries and, when parse is given, entries the
// pass would reject. Commas are rejected too: the pass flags split on them,
// so "a,b" in one YAML item would silently mean two entries.
func checkEntries(key string, entries []string, parse func(string) error) error {
	for i, e := range entries {
		switch {
		case strings.TrimSpace(e) == "":
			return fmt.Errorf("%s[%d] is empty", key, i)
		case parse == nil:
		case strings.Contains(e, ","):
			return fmt.Errorf("%s[%d] %q holds a comma; give one entry per list item", key, i, e)
		default:
			if err := parse(e); err != nil {
				return fmt.Errorf("%s[%d]: %w", key, i, err)
			}
		}
	}
	return nil
}
