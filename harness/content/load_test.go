package content

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadTestdata(t *testing.T) {
	tree := mustLoad(t, os.DirFS("testdata/tree"), "tree")
	if len(tree.Findings) != 0 {
		t.Fatalf("findings: %v", tree.Findings)
	}
	if len(tree.Detections) != 2 || len(tree.Macros) != 2 || len(tree.Lookups) != 1 ||
		len(tree.Stories) != 1 || len(tree.DataSources) != 1 {
		t.Fatalf("counts: %d %d %d %d %d", len(tree.Detections), len(tree.Macros),
			len(tree.Lookups), len(tree.Stories), len(tree.DataSources))
	}
	m := tree.Macros["security_content_ctime(1)"]
	if m == nil || m.Arguments[0] != "field" || m.DefinitionPos.String() != "tree/macros/security_content_ctime.yml:3:13" {
		t.Fatalf("macro: %+v", m)
	}
	if p := m.MacroLocation(strings.Index(m.Definition, "ctime(")); p.String() != "tree/macros/security_content_ctime.yml:3:53" {
		t.Fatalf("MacroLocation = %s", p)
	}
	l := tree.Lookups["test_lookup"]
	if l.CSVPath != "lookups/test_lookup.csv" || l.MatchType != "WILDCARD(domain)" ||
		*l.MinMatches != 1 || *l.CaseSensitiveMatch {
		t.Fatalf("lookup: %+v", l)
	}
	ds := tree.DataSources["Sysmon EventID 1"]
	if ds.Sourcetype != "xmlwineventlog" || len(ds.Fields) != 2 || ds.OutputFields[0] != "dest" || ds.ExampleLog != "<Event/>" {
		t.Fatalf("data source: %+v", ds)
	}
	d := tree.DetectionByPath("./detections/endpoint/test_rba_detection.yml")
	if d.Name != "Test RBA Detection" || *d.Tests[0].ExpectedResults != 2 || !d.Tests[0].AttackData[0].UpdateTimestamp {
		t.Fatalf("detection: %+v", d)
	}
	if d.Tests[0].Pos.String() != "tree/detections/endpoint/test_rba_detection.yml:37:3" {
		t.Fatalf("test pos %s", d.Tests[0].Pos)
	}
	if tree.Detections[0].Tests[0].ExpectedResults != nil {
		t.Fatal("absent expected_results must be nil (means >= 1)")
	}
}

// tags vintage: risk_score is computed from confidence x impact (50x50/100),
// the stale written value (99) is ignored, as contentctl does.
func TestRiskVintages(t *testing.T) {
	tree := mustLoad(t, os.DirFS("testdata/tree"), "")
	old, rba := tree.Detections[0].Risk, tree.Detections[1].Risk
	if old.Vintage != "tags" || old.Message != "Test on $dest$" ||
		len(old.RiskObjects) != 1 || old.RiskObjects[0] != (RiskObject{"dest", "system", 25}) {
		t.Fatalf("tags vintage: %+v", old)
	}
	if rba.Vintage != "rba" || rba.RiskObjects[0] != (RiskObject{"dest", "system", 20}) ||
		rba.ThreatObjects[0] != (ThreatObject{"process_name", "process_name"}) {
		t.Fatalf("rba vintage: %+v", rba)
	}
}

// contentctl's 2024 mapping on a real detection: Victim User -> user,
// Victim Hostname -> system, Attacker Process -> process threat object.
func TestRiskRealCertutil(t *testing.T) {
	dir := corpusDir(t, "security_content")
	fsys := os.DirFS(dir)
	tree := mustLoad(t, fstest.MapFS{
		"detections/x/certutil_exe_certificate_extraction.yml": mapFile(t, fsys, "detections/endpoint/certutil_exe_certificate_extraction.yml"),
	}, "")
	r := tree.Detections[0].Risk
	want := []RiskObject{{"user", "user", 63}, {"dest", "system", 63}}
	if len(r.RiskObjects) != 2 || r.RiskObjects[0] != want[0] || r.RiskObjects[1] != want[1] {
		t.Fatalf("risk objects %+v", r.RiskObjects)
	}
	if len(r.ThreatObjects) != 2 || r.ThreatObjects[0] != (ThreatObject{"parent_process_name", "process"}) {
		t.Fatalf("threat objects %+v", r.ThreatObjects)
	}
}

func mapFile(t testing.TB, fsys fs.FS, p string) *fstest.MapFile {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		t.Fatal(err)
	}
	return &fstest.MapFile{Data: data}
}

func TestLoadRealTree(t *testing.T) {
	for _, c := range []struct {
		name                              string
		det, mac, look, story, dataSource int
	}{
		{"security_content", 1711, 189, 79, 261, 205},
		{"security_content_2026", 1, 2, 0, 3, 1},
	} {
		dir := corpusDir(t, c.name)
		tree := mustLoad(t, os.DirFS(dir), dir)
		for _, f := range tree.Findings {
			t.Errorf("%s", f)
		}
		got := [5]int{len(tree.Detections), len(tree.Macros), len(tree.Lookups), len(tree.Stories), len(tree.DataSources)}
		if got != [5]int{c.det, c.mac, c.look, c.story, c.dataSource} {
			t.Errorf("%s: counts %v", c.name, got)
		}
	}
}
