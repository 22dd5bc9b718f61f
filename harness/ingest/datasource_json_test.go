package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The spath names are checked against what Splunk itself showed: every
// security_content data source whose example_log is JSON lists, among its
// fields, the nested names Splunk extracted (userIdentity.arn,
// Actor{}.ID, ...). All but a handful must come out of ExtractJSON on the
// examples; the rest must be keys the example does not hold (the list was
// taken from other events of the source).
func TestDataSourceJSONFieldNames(t *testing.T) {
	files, err := filepath.Glob(corpus(t, "security_content/data_sources/*.yml"))
	if err != nil || len(files) < 200 {
		t.Fatalf("%d data sources, %v", len(files), err)
	}
	checked, matched := 0, 0
	var unparsable []string
	for _, f := range files {
		var ds struct {
			Fields     []string `yaml:"fields"`
			ExampleLog string   `yaml:"example_log"`
		}
		data, _ := os.ReadFile(f)
		if err := yaml.Unmarshal(data, &ds); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		example := strings.TrimSpace(ds.ExampleLog)
		if !strings.HasPrefix(example, "{") {
			continue
		}
		got := map[string]bool{}
		if err := ExtractJSON(example, func(n, _ string) { got[n] = true }); err != nil {
			unparsable = append(unparsable, filepath.Base(f))
			continue
		}
		for _, field := range ds.Fields {
			if !strings.ContainsAny(field, ".{") {
				continue
			}
			checked++
			if got[field] {
				matched++
				continue
			}
			if ref, _ := refFlatten([]byte(example)); ref[field] != nil {
				t.Errorf("%s: Splunk shows %s, ExtractJSON does not give it", filepath.Base(f), field)
			}
		}
	}
	// github.yml's example_log is cut off at 10,000 characters in the corpus.
	if strings.Join(unparsable, ",") != "github.yml" {
		t.Errorf("examples that are not JSON: %v, want only github.yml", unparsable)
	}
	if checked < 1500 || matched < checked-10 {
		t.Errorf("%d of %d nested field names matched", matched, checked)
	}
	t.Logf("%d of %d nested field names Splunk listed come out of the examples", matched, checked)
}
