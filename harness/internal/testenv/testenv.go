// Package testenv finds the project's surroundings for tests and
// benchmarks: the repository root and the read-only ../shared corpus
// beside it (present on every developer machine and in CI).
package testenv

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// RepoRoot returns the folder holding go.mod, searching up from the
// working directory (go test runs in the package's folder).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Shared returns <repo root>/../shared joined with parts.
func Shared(parts ...string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("../shared beside the repository is missing: %w", err)
	}
	return filepath.Join(append([]string{dir}, parts...)...), nil
}

// SharedDir is Shared for tests: a missing corpus fails the test rather
// than skipping it, so a verdict is never claimed without the data.
func SharedDir(t testing.TB, parts ...string) string {
	t.Helper()
	dir, err := Shared(parts...)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// MustShared is Shared for code that runs while a Ginkgo tree is built
// (package variables, Describe bodies), before any test can fail: a
// missing corpus stops the test binary with one line saying so, not a
// panic's goroutine dump.
func MustShared(parts ...string) string {
	dir, err := Shared(parts...)
	if err != nil {
		fmt.Fprintf(os.Stderr, "testenv: %v (the acceptance tests read the corpus there; see README)\n", err)
		os.Exit(1)
	}
	return dir
}

// MapFS copies the files under dir into a MapFS, so a test can add or
// break files of a fixture tree without touching the disk.
func MapFS(t testing.TB, dir string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	src := os.DirFS(dir)
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
