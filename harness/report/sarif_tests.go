package report

import (
	"io"

	"github.com/dactest/dactest/harness/runner"
)

// testRules are the SARIF rules of a test run: one per verdict that needs
// attention. Passing and skipped tests produce no result.
var testRules = []Rule{
	{ID: "dactest/test-failed", Short: "detection test failed", Level: "error",
		Help: "the search returned no result (or not the expected rows) on its dataset, or broke a risk rule; run `dactest explain` on the detection"},
	{ID: "dactest/test-error", Short: "detection test could not run", Level: "warning",
		Help: "a dataset is missing or unreadable: fix the test's attack_data path or give --data-root"},
	{ID: "dactest/test-unsupported", Short: "search uses what dactest cannot run", Level: "note",
		Help: "the message names the missing piece (command, function, lookup data); the test is neither passed nor failed"},
	{ID: "dactest/validation-error", Short: "tested content does not validate", Level: "error",
		Help: "contentctl would not build this content, so the run fails though its tests pass; `dactest validate` lists every finding, --no-validate skips the check"},
}

var ruleOfStatus = map[runner.Status]string{
	runner.Fail:        "dactest/test-failed",
	runner.Error:       "dactest/test-error",
	runner.Unsupported: "dactest/test-unsupported",
}

// TestsSARIF writes the tests that did not pass as SARIF results, each
// pointing at its detection's search line, so code scanning annotates the
// pull request where the rule is written.
func TestsSARIF(w io.Writer, rep *runner.Report) error {
	var results []Result
	for _, t := range rep.Results {
		rule, ok := ruleOfStatus[t.Status]
		if !ok {
			continue
		}
		r := Result{RuleID: rule, Message: t.Detection + " — " + t.Test + ": " + t.Message, File: t.File, Tags: testTags(t)}
		if at := t.SearchAt; at != nil {
			r.Line, r.Col = at.Line, at.Col
			if at.File != "" {
				r.File = at.File
			}
		}
		if at := t.LoadAt; at != nil { // a file that does not load: its first error
			r.File, r.Line, r.Col = at.File, at.Line, at.Col
		}
		if at := t.DataAt; at != nil { // a dataset it could not read: the data entry to fix
			r.File, r.Line, r.Col = at.File, at.Line, at.Col
		}
		r.File = RepoPath(r.File) // a manifest run names detections by absolute path
		for _, rr := range testRules {
			if rr.ID == rule {
				r.Level = rr.Level
			}
		}
		results = append(results, r)
	}
	for _, v := range rep.Validation {
		results = append(results, Result{RuleID: "dactest/validation-error", Level: "error", Message: v.Check + ": " + v.Text(),
			File: RepoPath(v.File), Line: v.Line, Col: v.Col, Tags: []string{"check:" + v.Check}})
	}
	return SARIF(w, "dactest", testRules, results)
}

// testTags are the detection's ATT&CK techniques, type and status, so
// code scanning can filter alerts by them (e.g. "T1003.001", "type:TTP").
func testTags(t runner.TestResult) []string {
	tags := techniques(t)
	if t.DetectionType != "" {
		tags = append(tags, "type:"+t.DetectionType)
	}
	if t.DetectionStatus != "" {
		tags = append(tags, "status:"+t.DetectionStatus)
	}
	return tags
}
