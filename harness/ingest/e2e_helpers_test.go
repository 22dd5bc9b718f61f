package ingest_test

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/dactest/dactest/harness/internal/testenv"
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
