package ingest

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// splunkInternal are fields Splunk itself adds at index or search time,
// which no add-on definition produces: left out of the coverage share.
var splunkInternal = map[string]bool{
	"punct": true, "splunk_server": true, "timestartpos": true, "timeendpos": true,
	"linecount": true, "index": true, "date_hour": true, "date_mday": true, "date_minute": true,
	"date_month": true, "date_second": true, "date_wday": true, "date_year": true, "date_zone": true,
	"tag::action": true, "tag::object_category": true,
}

type dataSource struct {
	Name         string   `yaml:"name"`
	Source       string   `yaml:"source"`
	Sourcetype   string   `yaml:"sourcetype"`
	Fields       []string `yaml:"fields"`
	OutputFields []string `yaml:"output_fields"`
	ExampleLog   string   `yaml:"example_log"`
}

// Every data source for Sysmon 1/3/7/10/11/12/13/22 and Security 4688 gets
// the fields its YAML lists from its own example_log. The share is pinned
// so a regression in extraction or definitions shows up; the missing
// fields are logged.
func TestDataSourceFieldCoverage(t *testing.T) {
	a := defaultAddons(t)
	files := []string{
		"security_content/data_sources/sysmon_eventid_1.yml",
		"security_content/data_sources/sysmon_eventid_3.yml",
		"security_content/data_sources/sysmon_eventid_7.yml",
		"security_content/data_sources/sysmon_eventid_10.yml",
		"security_content/data_sources/sysmon_eventid_11.yml",
		"security_content/data_sources/sysmon_eventid_12.yml",
		"security_content/data_sources/sysmon_eventid_13.yml",
		"security_content/data_sources/sysmon_eventid_22.yml",
		"security_content/data_sources/windows_event_log_security_4688.yml",
		"security_content_2026/data_sources/sysmon_eventid_7.yml",
	}
	total, got := 0, 0
	for _, rel := range files {
		var ds dataSource
		data, err := os.ReadFile(corpus(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(data, &ds); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		rows, problems := ReadXMLWinEventLog([]byte(ds.ExampleLog), rel, Meta{Source: ds.Source, Sourcetype: ds.Sourcetype})
		if len(rows) != 1 || len(problems) != 0 {
			t.Errorf("%s: example_log gave %d rows, %v", rel, len(rows), problems)
			continue
		}
		row := rows[0]
		a.Apply(row)
		var missing []string
		n, have := 0, 0
		for _, f := range append(ds.Fields, ds.OutputFields...) {
			if splunkInternal[f] {
				continue
			}
			n++
			if row.Get(f).Null() {
				missing = append(missing, f)
				continue
			}
			have++
		}
		sort.Strings(missing)
		t.Logf("%-60s %3d/%3d  missing: %s", filepath.Base(filepath.Dir(filepath.Dir(rel)))+"/"+filepath.Base(rel), have, n, strings.Join(missing, " "))
		total += n
		got += have
		for _, f := range ds.OutputFields {
			if row.Get(f).Null() {
				t.Errorf("%s: output field %s missing", rel, f)
			}
		}
	}
	share := float64(got) / float64(total)
	t.Logf("coverage: %d/%d = %.1f%%", got, total, 100*share)
	if share < 0.95 {
		t.Errorf("coverage %.1f%% below the pinned 95%%", 100*share)
	}
}
