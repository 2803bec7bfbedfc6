// Package gclbuild builds a golangci-lint binary that includes the leaklint
// module plugin, without reaching any git host.
//
// `golangci-lint custom` clones golangci-lint from GitHub. This package does
// the same steps from the Go module proxy instead: download the release's
// module source, copy it, add a plugins.go importing the plugin, point replace
// directives at the local leaklint checkout, go mod tidy, go build. The
// result is cached under a key made of the golangci-lint version, the Go
// toolchain and a hash of every source file the plugin compiles from, so a
// rerun without source changes costs one `go list`.
package gclbuild

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

const (
	// Version is the golangci-lint release the plugin is built into.
	Version = "v2.15.0"
	// ModuleSum is the go.sum hash of that release's module zip; checking it
	// means a re-tagged or tampered release fails loudly instead of being
	// built and trusted.
	ModuleSum = "h1:w94zf8HAYI7hm3164kwKsvZRuqXvY+YxeFoTbu1OLg8="

	gclModule    = "github.com/golangci/golangci-lint/v2"
	rootModule   = "github.com/leaklint/leaklint"
	pluginModule = "github.com/leaklint/leaklint/golangci"
	binaryName   = "golangci-lint"
)

// Options says what to build and where to keep it.
type Options struct {
	// RepoRoot is the leaklint checkout: the directory holding the main
	// go.mod, with the plugin module in its golangci/ subdirectory.
	RepoRoot string
	// CacheDir holds built binaries. Empty means $LEAKLINT_GCL_CACHE, or
	// else os.UserCacheDir()/leaklint-gcl.
	CacheDir string
	// Log receives one line per step with its duration. Nil discards.
	Log io.Writer
}

// Result describes the binary Build returned.
type Result struct {
	// Binary is the absolute path of the golangci-lint executable.
	Binary string
	// Key identifies the sources it was built from.
	Key string
	// Cached reports that no build was needed.
	Cached bool
}

// Build returns a golangci-lint binary containing the plugin of
// opts.RepoRoot, building it only when no binary for the current sources is
// cached.
func Build(ctx context.Context, opts Options) (Result, error) {
	if opts.RepoRoot == "" {
		return Result{}, errors.New("gclbuild: Options.RepoRoot is empty")
	}
	root, err := filepath.Abs(opts.RepoRoot)
	if err != nil {
		return Result{}, fmt.Errorf("gclbuild: %w", err)
	}
	pluginDir := filepath.Join(root, "golangci")
	for _, m := range []struct{ dir, want string }{{root, rootModule}, {pluginDir, pluginModule}} {
		got, err := modulePath(filepath.Join(m.dir, "go.mod"))
		if err != nil {
			return Result{}, fmt.Errorf("gclbuild: %w", err)
		}
		if got != m.want {
			return Result{}, fmt.Errorf("gclbuild: %s declares module %q, want %q", filepath.Join(m.dir, "go.mod"), got, m.want)
		}
	}
	cacheDir, err := resolveCacheDir(opts.CacheDir)
	if err != nil {
		return Result{}, err
	}
	b := &builder{log: opts.Log, root: root, pluginDir: pluginDir}
	if b.log == nil {
		b.log = io.Discard
	}

	key, err := b.sourceKey(ctx)
	if err != nil {
		return Result{}, err
	}
	finalDir := filepath.Join(cacheDir, Version+"-"+key[:24])
	bin := filepath.Join(finalDir, binaryName+exeSuffix())
	if fi, err := os.Stat(bin); err == nil && fi.Mode().IsRegular() {
		b.logf("cached: %s", bin)
		return Result{Binary: bin, Key: key, Cached: true}, nil
	}

	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return Result{}, fmt.Errorf("gclbuild: %w", err)
	}
	work, err := os.MkdirTemp(cacheDir, "build-")
	if err != nil {
		return Result{}, fmt.Errorf("gclbuild: %w", err)
	}
	defer os.RemoveAll(work)

	built, err := b.build(ctx, work, key)
	if err != nil {
		return Result{}, err
	}
	// The build reads the checkout in place; caching it under key is only
	// right if nothing changed while it ran.
	if after, err := b.sourceKey(ctx); err != nil {
		return Result{}, err
	} else if after != key {
		return Result{}, errors.New("gclbuild: the leaklint sources changed during the build; run again")
	}
	if err := os.MkdirAll(finalDir, 0o755); err != nil {
		return Result{}, fmt.Errorf("gclbuild: %w", err)
	}
	// Rename is atomic within one file system, so a concurrent Build or an
	// interrupted one never leaves a half-written binary at the cached path.
	if err := os.Rename(built, bin); err != nil {
		return Result{}, fmt.Errorf("gclbuild: %w", err)
	}
	return Result{Binary: bin, Key: key}, nil
}

type builder struct {
	log       io.Writer
	root      string
	pluginDir string
}

func (b *builder) logf(format string, args ...any) {
	fmt.Fprintf(b.log, format+"\n", args...)
}

// build runs the steps of `golangci-lint custom` in work and returns the
// path of the binary it produced there.
func (b *builder) build(ctx context.Context, work, key string) (string, error) {
	start := time.Now()
	src, err := b.download(ctx, work)
	if err != nil {
		return "", err
	}
	b.logf("download %s@%s: %s", gclModule, Version, since(start))

	step := time.Now()
	repo := filepath.Join(work, "golangci-lint")
	if err := copyTree(src, repo); err != nil {
		return "", fmt.Errorf("gclbuild: copy %s: %w", src, err)
	}
	plugins := filepath.Join(repo, "cmd", "golangci-lint", "plugins.go")
	// The upstream file exists only to be overwritten by `custom`; if it is
	// gone the layout changed and the build below would silently lack the
	// plugin.
	if _, err := os.Stat(plugins); err != nil {
		return "", fmt.Errorf("gclbuild: %s has no cmd/golangci-lint/plugins.go: %w", Version, err)
	}
	if err := os.WriteFile(plugins, []byte(pluginsGo), 0o644); err != nil {
		return "", fmt.Errorf("gclbuild: %w", err)
	}
	b.logf("copy and add plugins.go: %s", since(step))

	step = time.Now()
	// The plugin module's own replace of the root module is ignored once it
	// is a dependency, so both need a replace in golangci-lint's go.mod.
	if _, err := b.goCmd(ctx, repo, "mod", "edit",
		"-replace", pluginModule+"="+b.pluginDir,
		"-replace", rootModule+"="+b.root); err != nil {
		return "", err
	}
	if _, err := b.goCmd(ctx, repo, "mod", "tidy"); err != nil {
		return "", err
	}
	b.logf("go mod tidy: %s", since(step))

	step = time.Now()
	out := filepath.Join(work, "bin", binaryName+exeSuffix())
	// golangci-lint salts its result cache with main.version only, so the
	// version must change whenever the plugin does; otherwise a rebuilt
	// binary would serve findings cached by the previous one. main.date
	// must be set too, or main.version is replaced by "(devel)".
	ldflags := fmt.Sprintf("-s -w -X main.version=%s-leaklint-%s -X main.date=%s",
		strings.TrimPrefix(Version, "v"), key[:12], time.Now().UTC().Format(time.RFC3339))
	if _, err := b.goCmd(ctx, repo, "build", "-trimpath", "-ldflags", ldflags, "-o", out, "./cmd/golangci-lint"); err != nil {
		return "", err
	}
	b.logf("go build: %s", since(step))
	b.logf("built %s in %s", binaryName, since(start))
	return out, nil
}

const pluginsGo = `package main

// Added by leaklint's gclbuild, as golangci-lint custom would.
import _ "` + pluginModule + `"
`

// download fetches the release's module source through the module proxy
// (or the module cache) and returns its read-only directory.
func (b *builder) download(ctx context.Context, work string) (string, error) {
	out, err := b.goCmd(ctx, work, "mod", "download", "-json", gclModule+"@"+Version)
	if err != nil {
		return "", err
	}
	var m struct {
		Dir, Sum, Error string
	}
	if err := json.Unmarshal(out, &m); err != nil {
		return "", fmt.Errorf("gclbuild: go mod download printed unexpected output: %w", err)
	}
	if m.Error != "" {
		return "", fmt.Errorf("gclbuild: go mod download %s@%s: %s", gclModule, Version, m.Error)
	}
	if m.Sum != ModuleSum {
		return "", fmt.Errorf("gclbuild: %s@%s has sum %s, want %s", gclModule, Version, m.Sum, ModuleSum)
	}
	return m.Dir, nil
}

// sourceKey hashes everything that decides the content of the binary: the
// golangci-lint release, the toolchain, and each file of the plugin and of
// the leaklint packages it imports (as go list resolves them, so files
// excluded by build constraints and tests do not cause rebuilds).
func (b *builder) sourceKey(ctx context.Context) (string, error) {
	env, err := b.goCmd(ctx, b.pluginDir, "env", "GOVERSION", "GOOS", "GOARCH")
	if err != nil {
		return "", err
	}
	out, err := b.goCmd(ctx, b.pluginDir, "list", "-deps",
		"-json=ImportPath,Dir,GoFiles,CgoFiles,EmbedFiles,Module", pluginModule)
	if err != nil {
		return "", err
	}
	files := []string{
		filepath.Join(b.root, "go.mod"), filepath.Join(b.root, "go.sum"),
		filepath.Join(b.pluginDir, "go.mod"), filepath.Join(b.pluginDir, "go.sum"),
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			Dir                           string
			GoFiles, CgoFiles, EmbedFiles []string
			Module                        *struct{ Path string }
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return "", fmt.Errorf("gclbuild: decode go list output: %w", err)
		}
		if p.Module == nil || (p.Module.Path != rootModule && p.Module.Path != pluginModule) {
			continue // versioned dependencies are pinned by the go.sum files above
		}
		for _, group := range [][]string{p.GoFiles, p.CgoFiles, p.EmbedFiles} {
			for _, f := range group {
				files = append(files, filepath.Join(p.Dir, f))
			}
		}
	}
	sort.Strings(files)

	h := sha256.New()
	fmt.Fprintf(h, "gcl %s %s\ngo %s\n", Version, ModuleSum, env)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if errors.Is(err, fs.ErrNotExist) && strings.HasSuffix(f, "go.sum") {
			continue // a module without dependencies has no go.sum
		} else if err != nil {
			return "", fmt.Errorf("gclbuild: %w", err)
		}
		rel, err := filepath.Rel(b.root, f)
		if err != nil {
			return "", fmt.Errorf("gclbuild: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// goCmd runs the go command in dir and returns its standard output. Its
// environment drops anything that would make a run depend on the caller's
// workspace rather than on the directories involved.
func (b *builder) goCmd(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-buildvcs=false", "GO111MODULE=on")
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("gclbuild: go %s (in %s): %w\n%s", strings.Join(args, " "), dir, err, stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

// copyTree copies the module cache's read-only tree to a writable one.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", path)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return copyFile(path, target, info.Mode().Perm()|0o200)
	})
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// modulePath reads the module line of a go.mod file. x/mod's parser would
// be a dependency for one line.
func modulePath(gomod string) (string, error) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}

func resolveCacheDir(dir string) (string, error) {
	if dir == "" {
		dir = os.Getenv("LEAKLINT_GCL_CACHE")
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("gclbuild: no cache directory (set LEAKLINT_GCL_CACHE): %w", err)
		}
		dir = filepath.Join(base, "leaklint-gcl")
	}
	return filepath.Abs(dir)
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

func since(t time.Time) time.Duration {
	return time.Since(t).Round(100 * time.Millisecond)
}
