package content

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestLoadManifestReal(t *testing.T) {
	for _, name := range []string{"real-detections.yml", "real-detections-wide.yml"} {
		path := filepath.Join(sharedDir(t), "cases", name)
		if _, err := os.Stat(path); err != nil {
			t.Skip("no shared cases")
		}
		m, err := LoadManifest(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(m.Cases) == 0 {
			t.Fatalf("%s: no cases", name)
		}
		for _, c := range m.Cases {
			if !filepath.IsAbs(c.Content) || !filepath.IsAbs(c.Data[0].Path) {
				t.Errorf("%s: paths not absolute: %+v", c.ID, c)
			}
			if _, err := os.Stat(c.DetectionPath); err != nil {
				t.Errorf("%s: detection missing: %v", c.ID, err)
			}
			if c.Pos.Line == 0 || c.Data[0].Source == "" {
				t.Errorf("%s: incomplete case %+v", c.ID, c)
			}
		}
	}
}

func TestLoadManifestErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.yml")
	doc := `cases:
- id: one
  content: content
  detection: detections/x.yml
  data:
  - path: data/a.log
    source: s
    sourcetype: st
  expect:
    fires: "yes"
    results: 2
- id: one
  content: content
  detection: detections/y.yml
  data: []
  expect: {fires: false}
`
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := LoadManifest(path)
	var fs Findings
	if !errors.As(err, &fs) {
		t.Fatalf("want Findings, got %v", err)
	}
	want := []string{
		path + ":10:12 schema",               // fires: "yes" is not a boolean
		path + ":12:3 manifest-duplicate-id", // second "one"
		path + ":15:9 schema",                // data: [] needs an item
	}
	if len(fs) != len(want) {
		t.Fatalf("got %v", fs)
	}
	for i, f := range fs {
		if got := f.Pos.String() + " " + f.Check; got != want[i] {
			t.Errorf("finding %d: got %s (%s), want %s", i, got, f.Message, want[i])
		}
	}
	if m == nil || len(m.Cases) != 2 || *m.Cases[0].Expect.Results != 2 ||
		m.Cases[0].Data[0].Path != filepath.Join(dir, "data", "a.log") {
		t.Fatalf("partial manifest: %+v", m)
	}
}
