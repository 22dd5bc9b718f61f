package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), ConfigFile)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Precedence, lowest first: default, checks, overrides in order, flags.
func TestPolicyPrecedence(t *testing.T) {
	cfg, fs := LoadConfig(writeConfig(t, `
checks: {type-enum: warning, mitre-id-format: off, story-ref: info}
overrides:
- files: "detections/endpoint/*"
  checks: {type-enum: info}
- detections: [Test Detection]
  checks: {type-enum: error, story-ref: warning}
- files: "detections/**/other_*.yml"
  checks: {type-enum: off}
`))
	if len(fs) > 0 {
		t.Fatal(fs)
	}
	tree := &content.Tree{Label: "root", Detections: []*content.Detection{
		{File: "root/" + oldDet, Name: "Test Detection"},
		{File: "root/detections/endpoint/x.yml", Name: "X"},
	}}
	f := func(file, check string) content.Finding {
		return content.Finding{Pos: content.Pos{File: file, Line: 1, Col: 1}, Check: check, Severity: content.SeverityError}
	}
	cases := []struct {
		policy Policy
		in     content.Finding
		want   string
	}{
		{Policy{Config: cfg}, f("root/stories/s.yml", "type-enum"), "warning"},                                             // checks
		{Policy{Config: cfg}, f("root/detections/endpoint/x.yml", "type-enum"), "info"},                                    // files override
		{Policy{Config: cfg}, f("root/"+oldDet, "type-enum"), "error"},                                                     // later detection override
		{Policy{Config: cfg}, f("root/detections/a/other_b.yml", "type-enum"), "off"},                                      // ** crosses dirs
		{Policy{Config: cfg}, f("root/"+oldDet, "mitre-id-format"), "off"},                                                 // silenced
		{Policy{Config: cfg}, f("root/"+oldDet, "name-length"), "error"},                                                   // default
		{Policy{Config: cfg, Flags: map[string]string{"type-enum": "warning"}}, f("root/"+oldDet, "type-enum"), "warning"}, // flag wins
		{Policy{Flags: map[string]string{"schema": "off"}}, f("root/"+oldDet, "schema"), "off"},                            // load checks too
	}
	for i, c := range cases {
		got := c.policy.Apply(tree, []content.Finding{c.in})
		sev := "off"
		if len(got) == 1 {
			sev = got[0].Severity
		}
		if sev != c.want {
			t.Errorf("case %d (%s %s): got %s, want %s", i, c.in.Pos.File, c.in.Check, sev, c.want)
		}
	}
}

// Config mistakes are positioned findings, never ignored.
func TestConfigErrors(t *testing.T) {
	cases := []struct{ text, pos, msg string }{
		{"checks: {type-enum: loud}\n", "1:21", "must be one of"},
		{"checks: {type-enmu: off}\n", "1:10", `did you mean "type-enum"?`},
		{"overrides:\n- checks: {}\n", "2:3", "files"},
		{"overrides:\n- files: x\n  checks: {}\n  file: y\n", "2:3", "file"},
		{"colour: red\n", "1:1", "colour"},
		{"checks: [a\n", "1:1", "yaml"},
	}
	for _, c := range cases {
		p := writeConfig(t, c.text)
		cfg, fs := LoadConfig(p)
		if cfg != nil || len(fs) == 0 {
			t.Errorf("%q: no error", c.text)
			continue
		}
		got := fs[0].Pos.String()
		if got != p+":"+c.pos || !strings.Contains(fs[0].Message, c.msg) {
			t.Errorf("%q: got %s %s, want :%s %q", c.text, got, fs[0].Message, c.pos, c.msg)
		}
	}
}

func TestSeverityFlag(t *testing.T) {
	if id, lvl, err := ParseSeverityFlag("data-source-ref=error"); err != nil || id != "data-source-ref" || lvl != "error" {
		t.Fatalf("got %s %s %v", id, lvl, err)
	}
	for _, bad := range []string{"data-source-ref", "nope=off", "schema=loud"} {
		if _, _, err := ParseSeverityFlag(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestFindConfig(t *testing.T) {
	p := writeConfig(t, "checks: {}\n")
	if got := FindConfig(filepath.Dir(p)); got != p {
		t.Fatalf("got %q", got)
	}
	if got := FindConfig(t.TempDir()); got != "" {
		t.Fatalf("got %q", got)
	}
}
