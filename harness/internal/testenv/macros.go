package testenv

import (
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"
)

// MacroFile is one macros/*.yml of a content tree, read minimally so that
// packages below harness/content (spl, engine) can load real macros in
// their tests without importing the content loader.
type MacroFile struct {
	Name       string   `yaml:"name"`
	Arguments  []string `yaml:"arguments"`
	Definition string   `yaml:"definition"`
	File       string   `yaml:"-"`
}

// MacroFiles reads every macros/*.yml under root; none is a test failure.
func MacroFiles(t testing.TB, root string) []MacroFile {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "macros", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no macros under %s: %v", root, err)
	}
	out := make([]MacroFile, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := MacroFile{File: f}
		if err := yaml.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, m)
	}
	return out
}
