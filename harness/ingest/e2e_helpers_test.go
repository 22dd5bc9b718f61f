package ingest_test

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/internal/testenv"
	"github.com/dactest/dactest/harness/runner"
)

// dataSourceExample is the example_log of security_content's
// data_sources/<file>.
func dataSourceExample(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(testenv.SharedDir(t, "corpus", "security_content", "data_sources", file))
	if err != nil {
		t.Fatal(err)
	}
	var ds struct {
		ExampleLog string `yaml:"example_log"`
	}
	if err := yaml.Unmarshal(data, &ds); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return ds.ExampleLog
}

// corpusCompiler loads the corpus security_content tree and the runner's
// compiler for it.
func corpusCompiler(t *testing.T) (*content.Tree, *runner.Compiler) {
	t.Helper()
	loaded, err := runner.NewContentLoader().Dir(testenv.SharedDir(t, "corpus", "security_content"))
	if err != nil {
		t.Fatal(err)
	}
	opts, err := runner.DefaultOptions()
	if err != nil {
		t.Fatal(err)
	}
	return loaded.Tree, opts.Compiler
}
