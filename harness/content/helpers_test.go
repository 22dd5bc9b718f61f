package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/dactest/dactest/harness/internal/testenv"
)

// sharedDir is ../shared beside the repository root.
func sharedDir(t testing.TB) string { return testenv.SharedDir(t) }

// corpusDir returns a corpus tree's directory, skipping when absent.
func corpusDir(t testing.TB, name string) string {
	dir := filepath.Join(sharedDir(t), "corpus", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return dir
}

// testTree copies testdata/tree into a MapFS so tests can add or break files.
func testTree(t testing.TB) fstest.MapFS { return testenv.MapFS(t, "testdata/tree") }

func mustLoad(t testing.TB, fsys fs.FS, label string) *Tree {
	t.Helper()
	tree, err := Load(fsys, label)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}
