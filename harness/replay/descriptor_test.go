package replay

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
)

// writeTree lays files out under a temporary attack_data-like root.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const header = "author: a\nid: 0e2ba7ae-2a52-4d4c-9a58-8cd1b1b7cc4b\ndate: '2026-12-01'\ndescription: d\nenvironment: attack_range\n"

func TestDescriptorForms(t *testing.T) {
	root := writeTree(t, map[string]string{
		"datasets/T1/x/new.yml":    header + "datasets:\n- name: sysmon\n  path: /datasets/T1/x/sysmon.log\n  source: S\n  sourcetype: ST\n",
		"datasets/T1/x/old.yml":    header + "dataset:\n- https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/T9/typo/sysmon.log\n- https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/T1/x/sec.log\nsourcetypes:\n- xmlwineventlog\n",
		"datasets/T1/x/sysmon.log": "<Event/>",
		"datasets/T1/x/sec.log":    "<Event/>",
	})
	cases := []struct {
		file string
		want []Input
	}{
		{"datasets/T1/x/new.yml", []Input{{Path: "datasets/T1/x/sysmon.log", Source: "S", Sourcetype: "ST", Where: "new.yml:8:9"}}},
		// old form: one sourcetype for every URL, no source; a URL with a
		// wrong folder falls back to the file of that name beside it
		{"datasets/T1/x/old.yml", []Input{
			{Path: "datasets/T1/x/sysmon.log", Sourcetype: "xmlwineventlog", Where: "old.yml:7:3"},
			{Path: "datasets/T1/x/sec.log", Sourcetype: "xmlwineventlog", Where: "old.yml:8:3"},
		}},
	}
	for _, tc := range cases {
		d, err := ReadDescriptor(filepath.Join(root, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		got, errs := d.Inputs()
		if len(errs) > 0 || len(got) != len(tc.want) {
			t.Fatalf("%s: %v %v", tc.file, got, errs)
		}
		for i, in := range got {
			w := tc.want[i]
			w.Path = filepath.Join(root, filepath.FromSlash(w.Path))
			w.Where = filepath.Join(root, filepath.Dir(tc.file), w.Where)
			if in != w {
				t.Errorf("%s entry %d:\n got %+v\nwant %+v", tc.file, i, in, w)
			}
		}
	}
}

func TestDescriptorMissingFileNamesTheLine(t *testing.T) {
	root := writeTree(t, map[string]string{
		"datasets/T1/d.yml": header + "datasets:\n- name: a\n  path: /datasets/T1/gone.log\n  source: S\n  sourcetype: ST\n",
	})
	d, err := ReadDescriptor(filepath.Join(root, "datasets/T1/d.yml"))
	if err != nil {
		t.Fatal(err)
	}
	_, errs := d.Inputs()
	want := filepath.Join(root, "datasets/T1/d.yml") + ":8:9: data file /datasets/T1/gone.log not found (looked for " + filepath.Join(root, "datasets/T1/gone.log") + ")"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Fatalf("errors %v\nwant %s", errs, want)
	}
}

func TestValidateFindings(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // file-relative "line:col: severity check: message"
	}{
		{"valid new form", header + "datasets:\n- name: a\n  path: /datasets/a.log\n  source: S\n  sourcetype: XmlWinEventLog\n", nil},
		// attack_data's certutil_exe_certificate_extraction_old.yml labels
		// its XmlWinEventLog capture aws:cloudtrail.
		{"Windows XML labelled aws:cloudtrail", header + "datasets:\n- name: a\n  path: /datasets/a.log\n  source: S\n  sourcetype: aws:cloudtrail\n", []string{
			"8:9: warning: the file holds Windows event log records (XmlWinEventLog) but its sourcetype is aws:cloudtrail [dataset-sourcetype]",
		}},
		{"JSON labelled XmlWinEventLog", header + "datasets:\n- name: b\n  path: /datasets/b.json\n  source: S\n  sourcetype: xmlwineventlog\n", []string{
			"8:9: warning: the file holds JSON records but its sourcetype is xmlwineventlog, the Windows event log's [dataset-sourcetype]",
		}},
		{"typo in an entry key", header + "datasets:\n- name: a\n  path: /datasets/a.log\n  source: S\n  sourcetyp: ST\n", []string{
			`7:3: error: missing required key "sourcetype" in datasets.0 [dataset-schema]`,
			`10:3: error: unknown key "sourcetyp" in datasets.0 (did you mean "sourcetype"?) [dataset-schema]`,
		}},
		{"bad id and technique", strings.Replace(header, "0e2ba7ae-2a52-4d4c-9a58-8cd1b1b7cc4b", "not-a-uuid", 1) +
			"mitre_technique:\n- T1003.1\ndatasets:\n- name: a\n  path: /datasets/a.log\n  source: S\n  sourcetype: ST\n", []string{
			`2:5: error: id: Does not match format 'uuid'`,
			`7:3: error: mitre_technique.0: Does not match pattern '^T[0-9]{4}(\.[0-9]{3})?$'`,
		}},
		{"no data files", header, []string{
			"1:1: error: no data files: the descriptor needs `datasets:` (current form) or `dataset:` (older form)",
		}},
		{"old form without source", header + "dataset:\n- https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/gone.log\nsourcetypes:\n- xmlwineventlog\n", []string{
			"7:3: error: data file https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/gone.log not found",
			"7:3: warning: no source for this file",
		}},
		{"YAML syntax", "author: [\n", []string{"1:1: error: yaml: line 1: did not find expected node content [dataset-yaml]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := writeTree(t, map[string]string{"datasets/d.yml": tc.text, "datasets/a.log": "<Event/>", "datasets/b.json": `{"eventTime":"2020-01-01T00:00:00Z"}`})
			file := filepath.Join(root, "datasets", "d.yml")
			got := ValidateFile(file)
			content.SortFindings(got)
			if len(got) != len(tc.want) {
				t.Fatalf("findings %v, want %d", got, len(tc.want))
			}
			for i, f := range got {
				line := strings.TrimPrefix(f.String(), file+":")
				if !strings.HasPrefix(line, tc.want[i]) {
					t.Errorf("finding %d:\n got %s\nwant %s…", i, line, tc.want[i])
				}
			}
		})
	}
}

func FuzzValidateFile(f *testing.F) {
	f.Add(header + "datasets:\n- name: a\n  path: /datasets/a.log\n  source: S\n  sourcetype: ST\n")
	f.Add("dataset: [x]\nsourcetypes: 3\n")
	f.Add("- a\n- b\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, text string) {
		file := filepath.Join(dir, "d.yml")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, fd := range ValidateFile(file) {
			if fd.Pos.File != file || fd.Message == "" {
				t.Fatalf("finding without position or message: %+v", fd)
			}
		}
		_, _ = ReadDescriptor(file)
	})
}
