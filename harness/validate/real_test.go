package validate

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/content"
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

func loadCorpus(t testing.TB, name string) *content.Tree {
	dir := filepath.Join(sharedDir(t), "corpus", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	tree, err := content.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// The real 2024 tree was accepted by contentctl: no error may fire on it.
func TestRealTreeHasNoErrors(t *testing.T) {
	for _, name := range []string{"security_content", "security_content_2026"} {
		tree := loadCorpus(t, name)
		counts := map[string]int{}
		for _, f := range Run(tree, Options{Now: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)}) {
			counts[f.Check+"/"+f.Severity]++
			if f.Severity == content.SeverityError {
				t.Errorf("%s", f)
			}
		}
		t.Logf("%s: %v", name, counts)
	}
}
