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
