package gclbuild

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeRepo lays out a checkout with the real module paths but no external
// dependencies, so go list answers offline in milliseconds.
func fakeRepo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"go.mod":                  "module " + rootModule + "\n\ngo 1.24\n",
		"passes/x/x.go":           "package x\n\nconst A = 1\n",
		"passes/x/x_test.go":      "package x\n",
		"passes/x/other.go":       "//go:build ignore\n\npackage x\n",
		"unrelated/u.go":          "package unrelated\n",
		"golangci/go.mod":         "module " + pluginModule + "\n\ngo 1.24\n\nrequire " + rootModule + " v0.0.0\n\nreplace " + rootModule + " => ../\n",
		"golangci/plugin.go":      "package golangci\n\nimport _ \"" + rootModule + "/passes/x\"\n",
		"golangci/plugin_test.go": "package golangci\n",
	}
	for name, content := range files {
		write(t, filepath.Join(root, name), content)
	}
	return root
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func key(t *testing.T, root string) string {
	t.Helper()
	b := &builder{log: io.Discard, root: root, pluginDir: filepath.Join(root, "golangci")}
	k, err := b.sourceKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSourceKeyFollowsCompiledFilesOnly(t *testing.T) {
	root := fakeRepo(t)
	base := key(t, root)
	if again := key(t, root); again != base {
		t.Fatalf("key not stable: %s then %s", base, again)
	}

	// Files the binary is not built from must not force a rebuild.
	for name, content := range map[string]string{
		"passes/x/x_test.go":      "package x\n\n// changed\n",
		"passes/x/other.go":       "//go:build ignore\n\npackage x\n\n// changed\n",
		"unrelated/u.go":          "package unrelated\n\n// changed\n",
		"golangci/plugin_test.go": "package golangci\n\n// changed\n",
	} {
		write(t, filepath.Join(root, name), content)
		if k := key(t, root); k != base {
			t.Errorf("editing %s changed the key", name)
		}
	}

	// Files it is built from must.
	for name, content := range map[string]string{
		"passes/x/x.go":      "package x\n\nconst A = 2\n",
		"golangci/plugin.go": "package golangci\n\nimport _ \"" + rootModule + "/passes/x\"\n\n// changed\n",
		"go.mod":             "module " + rootModule + "\n\ngo 1.24\n\n// changed\n",
		"passes/x/new.go":    "package x\n",
	} {
		write(t, filepath.Join(root, name), content)
		k := key(t, root)
		if k == base {
			t.Errorf("editing %s left the key unchanged", name)
		}
		base = k
	}
}

func TestBuildRejectsWrongCheckout(t *testing.T) {
	root := fakeRepo(t)
	write(t, filepath.Join(root, "golangci/go.mod"), "module example.com/other\n")
	_, err := Build(context.Background(), Options{RepoRoot: root, CacheDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), `declares module "example.com/other", want "`+pluginModule+`"`) {
		t.Fatalf("err = %v, want a module path mismatch", err)
	}

	_, err = Build(context.Background(), Options{RepoRoot: t.TempDir(), CacheDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "go.mod") {
		t.Fatalf("err = %v, want a missing go.mod", err)
	}

	if _, err := Build(context.Background(), Options{}); err == nil {
		t.Fatal("no error for an empty RepoRoot")
	}
}

func TestBuildReturnsCachedBinary(t *testing.T) {
	root := fakeRepo(t)
	cache := t.TempDir()
	k := key(t, root)
	bin := filepath.Join(cache, Version+"-"+k[:24], binaryName+exeSuffix())
	write(t, bin, "stand-in")
	// A cache hit must not reach the download: the fake repo could not be
	// built, so any attempt would fail.
	res, err := Build(context.Background(), Options{RepoRoot: root, CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Cached || res.Binary != bin || res.Key != k {
		t.Fatalf("Build = %+v, want cached %s", res, bin)
	}
}

func TestModulePath(t *testing.T) {
	dir := t.TempDir()
	for content, want := range map[string]string{
		"module example.com/a\n":                          "example.com/a",
		"// comment\nmodule \"example.com/b\"\ngo 1.24\n": "example.com/b",
		"\tmodule\texample.com/c // trailing\n":           "example.com/c",
	} {
		p := filepath.Join(dir, "go.mod")
		write(t, p, content)
		got, err := modulePath(p)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("modulePath(%q) = %q, want %q", content, got, want)
		}
	}
	write(t, filepath.Join(dir, "go.mod"), "modules example.com/x\n")
	if _, err := modulePath(filepath.Join(dir, "go.mod")); err == nil {
		t.Error("no error for a go.mod without a module line")
	}
}

func TestCopyTreeMakesFilesWritable(t *testing.T) {
	src := t.TempDir()
	write(t, filepath.Join(src, "a/b.go"), "package a\n")
	write(t, filepath.Join(src, "run.sh"), "#!/bin/sh\n")
	if err := os.Chmod(filepath.Join(src, "run.sh"), 0o555); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(src, "a/b.go"), 0o444); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy")
	if err := copyTree(src, dst); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{"a/b.go": 0o644, "run.sh": 0o755} {
		fi, err := os.Stat(filepath.Join(dst, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", name, fi.Mode().Perm(), want)
		}
	}
}
