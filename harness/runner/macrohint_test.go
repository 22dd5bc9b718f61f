package runner

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
)

// An undefined macro names the defined one nearest to it: the typo, or the
// right name called with another number of arguments (keys carry the
// arity: `security_content_ctime(1)`), among the files' macros and the
// built-in drop_dm_object_name(1) that security_content does not define.
func TestUndefinedMacroSuggestsTheNearestDefinedOne(t *testing.T) {
	tree := &content.Tree{Macros: map[string]*content.Macro{
		"security_content_ctime(1)":      {Name: "security_content_ctime", Arguments: []string{"field"}, Definition: "convert ctime($field$)"},
		"security_content_summariesonly": {Name: "security_content_summariesonly", Definition: "summariesonly=false"},
		"sysmon":                         {Name: "sysmon", Definition: "sourcetype=XmlWinEventLog"},
	}}
	cases := []struct{ search, want string }{
		{"`sysmn` EventCode=1", "did you mean `sysmon`?"},
		{"`sysmon` | `drop_dm_object_nam(Processes)`", "did you mean `drop_dm_object_name(1)`?"},
		{"`sysmon` | `security_content_ctime(firstTime, x)`", "did you mean `security_content_ctime(1)`?"},
		{"`nothing_like_any_macro_here`", ""},
	}
	for _, c := range cases {
		d := &content.Detection{Name: "x", File: "detections/x.yml", Search: c.search}
		comp := Compile(tree, d, nil)
		if len(comp.Problems) != 1 || comp.Problems[0].Kind != "macro" {
			t.Fatalf("%s: want one macro problem, got %+v", c.search, comp.Problems)
		}
		p := comp.Problems[0]
		if p.Msg != c.want {
			t.Errorf("%s: hint %q, want %q", c.search, p.Msg, c.want)
		}
		if c.want != "" && !strings.Contains(p.String(), "("+c.want+")") {
			t.Errorf("%s: %q does not show the hint", c.search, p.String())
		}
	}
}

// A macro whose file does not load is "undefined" to the expander; the
// hint names the file and why, not a near name.
func TestUndefinedMacroWhoseFileDoesNotLoad(t *testing.T) {
	tree := &content.Tree{Macros: map[string]*content.Macro{}, Findings: []content.Finding{{
		Pos: content.Pos{File: "sc/macros/security_content_ctime.yml", Line: 2, Col: 1}, Severity: content.SeverityError,
		Check: "yaml-syntax", Message: "YAML syntax error: did not find expected ',' or ']'"}}}
	d := &content.Detection{Name: "x", File: "detections/x.yml", Search: "search * | `security_content_ctime(firstTime)`"}
	comp := Compile(tree, d, nil)
	want := "sc/macros/security_content_ctime.yml:2:1 does not load: YAML syntax error: did not find expected ',' or ']'"
	if len(comp.Problems) != 1 || comp.Problems[0].Msg != want {
		t.Fatalf("got %+v, want hint %q", comp.Problems, want)
	}
}
