package runner

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
)

// A tstats field the data model does not define runs in Splunk (as null)
// but is almost always a typo: it reaches validate as a positioned
// spl-invalid warning and the test result as a search warning, and the
// detection still compiles.
func TestUnknownDataModelFieldIsReported(t *testing.T) {
	opts, err := DefaultOptions()
	if err != nil {
		t.Fatal(err)
	}
	d := &content.Detection{Name: "typo", File: "detections/typo.yml", Status: "production",
		Search: "| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.proces_name"}
	tree := &content.Tree{Macros: map[string]*content.Macro{}, Detections: []*content.Detection{d}}
	comp := opts.Compiler.Get(tree, d)
	if comp.Status() != Pass {
		t.Fatalf("status %v: %v", comp.Status(), comp.Problems)
	}
	if len(comp.Warnings) != 1 || !strings.Contains(comp.Warnings[0].String(), "tstats field Processes.proces_name") {
		t.Fatalf("warnings %v", comp.Warnings)
	}
	fs := opts.Compiler.SearchFindings(tree)
	if len(fs) != 1 || fs[0].Check != CheckSPLInvalid || fs[0].Severity != content.SeverityWarning {
		t.Fatalf("findings %+v", fs)
	}
}

// ES's Risk model defines dotted annotation fields; its own risk
// threshold rule reads them through tstats, so they raise no warning.
func TestRiskAnnotationFieldsAreDefined(t *testing.T) {
	opts, err := DefaultOptions()
	if err != nil {
		t.Fatal(err)
	}
	d := &content.Detection{Name: "rba", File: "detections/rba.yml", Status: "production",
		Search: "| tstats dc(All_Risk.annotations.mitre_attack.mitre_tactic_id) as tactics values(All_Risk.annotations.mitre_attack.mitre_technique_id) as techniques from datamodel=Risk.All_Risk by All_Risk.risk_object"}
	tree := &content.Tree{Macros: map[string]*content.Macro{}, Detections: []*content.Detection{d}}
	comp := opts.Compiler.Get(tree, d)
	if comp.Status() != Pass || len(comp.Warnings) != 0 {
		t.Fatalf("status %v, problems %v, warnings %v", comp.Status(), comp.Problems, comp.Warnings)
	}
}

// A detection with no search: key gets the schema's "missing required
// key", not also an unplaced "empty search" parse warning.
func TestNoSearchKeyIsNotAParseFinding(t *testing.T) {
	opts, err := DefaultOptions()
	if err != nil {
		t.Fatal(err)
	}
	d := &content.Detection{Name: "nosearch", File: "detections/nosearch.yml", Status: "production"}
	tree := &content.Tree{Macros: map[string]*content.Macro{}, Detections: []*content.Detection{d}}
	if fs := opts.Compiler.SearchFindings(tree); len(fs) != 0 {
		t.Fatalf("findings %+v", fs)
	}
}
