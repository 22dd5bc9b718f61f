package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/runner"
)

// A test's search warnings reach the console and the JSON report.
func TestSearchWarningsAreReported(t *testing.T) {
	w := "invalid: tstats field Processes.nope (not defined by data model node Endpoint.Processes), detections/x.yml:13:219"
	rep := &runner.Report{Results: []runner.TestResult{{Detection: "X", Test: "tp", File: "detections/x.yml", Status: runner.Pass,
		Message: "1 result(s)", ResultCount: 1, SearchWarnings: []string{w}}}}
	rep.Summary.Add(runner.Pass)
	var con, js bytes.Buffer
	Console(&con, rep, ConsoleOptions{Verbose: true})
	if !strings.Contains(con.String(), "search warning: "+w) {
		t.Errorf("console:\n%s", con.String())
	}
	if err := JSON(&js, rep, "dactest"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"search_warnings"`) || !strings.Contains(js.String(), "Processes.nope") {
		t.Errorf("json:\n%s", js.String())
	}
}
