package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// sharedDir finds ../shared beside the repository root (the dir with go.mod).
func sharedDir(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// corpusDir returns a corpus tree's directory, skipping when absent.
func corpusDir(t testing.TB, name string) string {
	dir := filepath.Join(sharedDir(t), "corpus", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return dir
}

// testTree copies testdata/tree into a MapFS so tests can add or break files.
func testTree(t testing.TB) fstest.MapFS {
	m := fstest.MapFS{}
	src := os.DirFS("testdata/tree")
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

func mustLoad(t testing.TB, fsys fs.FS, label string) *Tree {
	t.Helper()
	tree, err := Load(fsys, label)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}
