package ingest

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"gopkg.in/yaml.v3"
)

// exampleRow reads one security_content data source's example_log, with
// that data source's source and sourcetype, through the built-in add-ons -
// the event Splunk showed when the data source's field list was taken.
func exampleRow(t *testing.T, file string) event.Row {
	t.Helper()
	ds := dataSourceDoc(t, file)
	return applyToRaw(t, ds.ExampleLog, Meta{Source: ds.Source, Sourcetype: ds.Sourcetype, Host: "example-host"})
}

// exampleLog is the example_log of security_content's
// data_sources/<file>.
func exampleLog(t testing.TB, file string) string {
	t.Helper()
	return dataSourceDoc(t, file).ExampleLog
}

type dataSourceFields struct {
	Source     string `yaml:"source"`
	Sourcetype string `yaml:"sourcetype"`
	ExampleLog string `yaml:"example_log"`
}

func dataSourceDoc(t testing.TB, file string) dataSourceFields {
	t.Helper()
	var ds dataSourceFields
	data, err := os.ReadFile(corpus(t, "security_content/data_sources/"+file))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &ds); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return ds
}

// applyToRaw reads raw as a dataset file with meta and applies the
// built-in add-ons to its single event.
func applyToRaw(t *testing.T, raw string, meta Meta) event.Row {
	t.Helper()
	rows, _, err := defaultAddons(t).ReadExample(raw, meta)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d events, want 1", len(rows))
	}
	return rows[0]
}

// fieldCase is one row of a field-value table: the data source (or raw
// event) and the values the add-on gives; "" means the field must be absent.
type fieldCase struct {
	name string
	row  func(t *testing.T) event.Row
	want map[string]string
}

func checkFields(t *testing.T, cases []fieldCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.row(t)
			keys := make([]string, 0, len(c.want))
			for k := range c.want {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				got := strings.Join(r.Get(k), "|")
				if got != c.want[k] {
					t.Errorf("%s = %q, want %q", k, got, c.want[k])
				}
			}
		})
	}
}

func fromExample(file string) func(t *testing.T) event.Row {
	return func(t *testing.T) event.Row { return exampleRow(t, file) }
}
