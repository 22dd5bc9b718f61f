package content

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// Each kind of broken file yields exactly one finding at the right place,
// and every other file of the tree still loads.
func TestBadInput(t *testing.T) {
	good := string(testTree(t)["detections/endpoint/test_detection.yml"].Data)
	cases := []struct {
		name, data, check, pos string
	}{
		{"syntax", "name: x\nid: [unclosed\nversion: 1\n", CheckYAMLSyntax, "2:1"},
		{"syntax-block", "name: x\nid: y\nversion: 1\n- item\n", CheckYAMLSyntax, "4:1"},
		{"syntax-scanner", "name: x\nid: y\nversion: @1\n", CheckYAMLSyntax, "3:1"},
		{"syntax-quote", "name: x\nid: 'y\n", CheckYAMLSyntax, "2:1"},
		{"tab", "name: x\n\tid: y\n", CheckYAMLTab, "2:1"},
		{"tab-nested", "name: x\ntags:\n  a: 1\n \tb: 2\n", CheckYAMLTab, "4:2"},
		{"syntax-after-legal-tab", "name: x\ndescription: |\n  a\n  \tb\nid: y: z\n", CheckYAMLSyntax, "5:1"},
		{"wrong-type", strings.Replace(good, "version: 1", "version: [1]", 1), CheckSchema, "3:10"},
		{"wrong-type-nested", strings.Replace(good, "  - Test Story", "  - {a: 1}", 1), CheckSchema, "20:5"},
		{"duplicate-key", strings.Replace(good, "type: TTP\n", "type: TTP\ntype: Anomaly\n", 1), CheckDuplicateKey, "8:1"},
		{"unknown-key", strings.Replace(good, "type: TTP\n", "type: TTP\ncolour: red\n", 1), CheckSchema, "8:1"},
		{"missing-key", strings.Replace(good, "author: Tester\n", "", 1), CheckSchema, "1:1"},
		{"empty", "", CheckEmptyFile, "1:1"},
		{"comments-only", "# nothing here\n\n", CheckEmptyFile, "1:1"},
		{"non-utf8", "name: ok\ndescription: caf\xe9\n", CheckEncoding, "2:17"},
		{"two-documents", "name: x\n---\nname: y\n", CheckYAMLSyntax, "2:1"},
		{"not-a-mapping", "- a\n- b\n", CheckSchema, "1:1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := testTree(t)
			fsys["detections/endpoint/bad.yml"] = &fstest.MapFile{Data: []byte(c.data)}
			tree := mustLoad(t, fsys, "t")
			if len(tree.Findings) != 1 {
				t.Fatalf("want 1 finding, got %d: %v", len(tree.Findings), tree.Findings)
			}
			f := tree.Findings[0]
			if f.Check != c.check || f.Pos.String() != "t/detections/endpoint/bad.yml:"+c.pos {
				t.Fatalf("got %s, want %s at %s", f, c.check, c.pos)
			}
			if len(tree.Macros) != 2 || len(tree.Stories) != 1 || !hasDetection(tree, "Test RBA Detection") {
				t.Fatal("other files did not load")
			}
		})
	}
}

func TestUnknownKeySuggestion(t *testing.T) {
	fsys := testTree(t)
	edit := func(file, old, new string) {
		s := string(fsys[file].Data)
		fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
	}
	edit("detections/endpoint/test_detection.yml", "tests:", "tets:")
	edit("detections/endpoint/test_rba_detection.yml", "    type: process_name", "    typ: process_name")
	tree := mustLoad(t, fsys, "")
	want := []string{
		`detections/endpoint/test_detection.yml:38:1: error: unknown key "tets" (did you mean "tests"?) [schema]`,
		`detections/endpoint/test_rba_detection.yml:26:5: error: unknown key "typ" in rba.threat_objects.0 (did you mean "type"?) [schema]`,
	}
	var got []string
	for _, f := range tree.Findings {
		if f.Check == CheckSchema && strings.Contains(f.Message, "unknown key") {
			got = append(got, f.String())
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s", strings.Join(got, "\n"))
	}
}

func hasDetection(tree *Tree, name string) bool {
	for _, d := range tree.Detections {
		if d.Name == name {
			return true
		}
	}
	return false
}

func TestUnreadableRoot(t *testing.T) {
	if _, err := Load(fstest.MapFS{}, "x"); err != nil {
		t.Fatalf("an empty tree is readable: %v", err)
	}
	if _, err := Load(badFS{}, "x"); err == nil {
		t.Fatal("want error for unreadable root")
	}
}

type badFS struct{}

func (badFS) Open(string) (fs.File, error) { return nil, fs.ErrPermission }
