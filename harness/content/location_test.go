package content

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// loadOne loads a single detection document written inline.
func loadOne(t *testing.T, doc string) *Detection {
	t.Helper()
	tree := mustLoad(t, fstest.MapFS{"detections/d.yml": {Data: []byte(doc)}}, "")
	if len(tree.Detections) != 1 {
		t.Fatalf("not loaded: %v", tree.Findings)
	}
	return tree.Detections[0]
}

// Each case: a search scalar in one style, a substring of the decoded
// search, and where that substring starts in the file.
func TestSearchLocationStyles(t *testing.T) {
	cases := []struct {
		name, doc, find, want string
	}{
		{"plain", "search: index=a | stats count by host\n", "stats", "detections/d.yml:1:19"},
		{"plain-multiline", "search: index=a\n  | stats count\n\n  | table x\n", "table", "detections/d.yml:4:5"},
		{"single", "search: 'index=a | eval x=''y'' | stats count'\n", "stats", "detections/d.yml:1:35"},
		{"single-escape", "search: 'eval x=''y'''\n", "y", "detections/d.yml:1:19"},
		{"single-multiline", "search: 'index=a\n   | eval a=1\n   | stats count'\n", "stats", "detections/d.yml:3:6"},
		{"double", "search: \"index=a | eval x=\\\"q\\\" | stats count\"\n", "stats", "detections/d.yml:1:35"},
		{"double-escapes", "search: \"a\\\\b\\tc\\u00e9d | e\"\n", "d | e", "detections/d.yml:1:23"},
		{"double-escaped-break", "search: \"index=a \\\n    | stats count\"\n", "stats", "detections/d.yml:2:7"},
		{"single-crlf", "search: 'index=a\r\n  | stats count'\r\n", "stats", "detections/d.yml:2:5"},
		{"literal-crlf", "search: |\r\n  index=a\r\n  | stats count\r\n", "stats", "detections/d.yml:3:5"},
		{"literal", "search: |\n  index=a\n  | stats count\n", "stats", "detections/d.yml:3:5"},
		{"literal-keep-indent", "search: |-\n    index=a\n      | stats count\n", "stats", "detections/d.yml:3:9"},
		{"folded", "search: >\n  index=a\n  | stats count\n", "stats", "detections/d.yml:3:5"},
		{"folded-strip", "search: >-\n  index=a\n  | stats count\n", "count", "detections/d.yml:3:11"},
		{"folded-more-indented", "search: >\n  index=a\n    [search b]\n  | stats c\n", "stats", "detections/d.yml:4:5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := loadOne(t, c.doc)
			i := strings.Index(d.Search, c.find)
			if i < 0 {
				t.Fatalf("%q not in %q", c.find, d.Search)
			}
			if got := d.SearchLocation(i).String(); got != c.want {
				t.Fatalf("SearchLocation(%d) = %s, want %s (search %q)", i, got, c.want, d.Search)
			}
			if mapScalar(d.src, d.searchNode) == nil {
				t.Fatal("mapping fell back to the scalar start")
			}
		})
	}
}

func TestSearchLocationBounds(t *testing.T) {
	d := loadOne(t, "search: 'abc'\n")
	if got := d.SearchLocation(-5).String(); got != "detections/d.yml:1:10" {
		t.Fatal(got)
	}
	if got := d.SearchLocation(99).String(); got != "detections/d.yml:1:12" {
		t.Fatal(got)
	}
}

// Every real detection and macro: each decoded byte maps to a source
// character that produced it. Non-blank characters map to themselves, or to
// the backslash or quote of the escape that produced them.
func TestSearchLocationRealCorpus(t *testing.T) {
	dir := corpusDir(t, "security_content")
	tree := mustLoad(t, os.DirFS(dir), "")
	styles := map[yaml.Style]int{}
	for _, d := range tree.Detections {
		styles[d.searchNode.Style]++
		checkMapping(t, d.File, d.src, d.searchNode, d.SearchLocation)
	}
	for _, m := range tree.Macros {
		checkMapping(t, m.File, m.src, m.defNode, m.MacroLocation)
	}
	for _, s := range []yaml.Style{0, yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle, yaml.FoldedStyle} {
		if styles[s] == 0 {
			t.Errorf("corpus has no search in style %v: %v", s, styles)
		}
	}
	t.Logf("search scalar styles: %v", styles)
}

func checkMapping(t *testing.T, file string, src []byte, n *yaml.Node, locate func(int) Pos) {
	t.Helper()
	locs := mapScalar(src, n)
	if locs == nil {
		t.Errorf("%s: cannot map scalar at %d:%d", file, n.Line, n.Column)
		return
	}
	var lines [][]rune
	for _, l := range strings.Split(string(src), "\n") {
		lines = append(lines, []rune(l))
	}
	for i, r := range n.Value {
		if r == ' ' || r == '\n' || r == '\t' {
			continue
		}
		p := locs[i]
		got := lines[p.line-1][p.col-1]
		if got != r && got != '\\' && got != '\'' {
			t.Errorf("%s: offset %d (%q) maps to %d:%d %q", file, i, r, p.line, p.col, got)
			return
		}
	}
	if last := locate(len(n.Value) - 1); last.Line != locs[len(locs)-1].line {
		t.Errorf("%s: locate disagrees with mapScalar", file)
	}
}

// Real detections, one per scalar style the corpus uses: the position of a
// token in the decoded search must be where the token is written in the file.
func TestSearchLocationRealFiles(t *testing.T) {
	dir := corpusDir(t, "security_content")
	cases := []struct{ file, style string }{
		{"detections/endpoint/certutil_exe_certificate_extraction.yml", "single-quoted"},
		{"detections/endpoint/windows_vulnerable_driver_loaded.yml", "double-quoted, multi-line"},
		{"detections/endpoint/powershell___connect_to_internet_with_hidden_window.yml", "double-quoted, multi-line"},
		{"detections/endpoint/windows_event_log_cleared.yml", "plain"},
		{"detections/application/windows_ad_suspicious_gpo_modification.yml", "folded >-"},
	}
	for _, c := range cases {
		t.Run(c.style, func(t *testing.T) {
			src, err := os.ReadFile(dir + "/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			d := loadOne(t, string(src))
			checked := 0
			for _, tok := range strings.Fields(d.Search) {
				if len(tok) < 8 || strings.Count(d.Search, tok) != 1 || strings.Count(string(src), tok) != 1 {
					continue // only tokens that occur once, unescaped, in both
				}
				want := filePos(src, strings.Index(string(src), tok))
				if got := d.SearchLocation(strings.Index(d.Search, tok)); got.Line != want.Line || got.Col != want.Col {
					t.Errorf("%s: %q at %d:%d, want %d:%d", c.file, tok, got.Line, got.Col, want.Line, want.Col)
				}
				checked++
			}
			if checked < 5 {
				t.Fatalf("only %d tokens checked", checked)
			}
		})
	}
}

// filePos turns a byte offset of src into line and rune column.
func filePos(src []byte, off int) Pos {
	before := string(src[:off])
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:]) + 1
	return Pos{Line: line, Col: col}
}
