package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/dactest/dactest/harness/runner"
)

func TestTestsSARIF(t *testing.T) {
	rep := &runner.Report{Results: []runner.TestResult{
		{DetectionID: "d1", Detection: "Fails", File: "detections/a.yml", Test: "tp", Status: runner.Fail, Message: "no result"},
		{DetectionID: "d2", Detection: "Passes", File: "detections/b.yml", Test: "tp", Status: runner.Pass},
		{DetectionID: "d3", Detection: "Lacks", File: "detections/c.yml", Test: "tp", Status: runner.Unsupported, Message: "unsupported: command iplocation"},
		{DetectionID: "d4", Detection: "Skipped", File: "detections/d.yml", Test: "tp", Status: runner.Skip},
	}}
	rep.Results[0].DetectionMeta = runner.DetectionMeta{SearchAt: &runner.Position{File: "detections/a.yml", Line: 12, Col: 9},
		MitreIDs: []string{"T1003.001"}, DetectionType: "TTP", DetectionStatus: "production"}
	var buf bytes.Buffer
	if err := TestsSARIF(&buf, rep); err != nil {
		t.Fatal(err)
	}
	res, err := gojsonschema.Validate(gojsonschema.NewStringLoader(sarifSubset), gojsonschema.NewBytesLoader(buf.Bytes()))
	if err != nil || !res.Valid() {
		t.Fatalf("not valid SARIF: %v %v", err, res.Errors())
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID     string `json:"ruleId"`
				Level      string
				Properties struct{ Tags []string }
				Locations  []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	got := log.Runs[0].Results
	if len(got) != 2 {
		t.Fatalf("want the failed and the unsupported test only, got %d results", len(got))
	}
	loc := got[0].Locations[0].PhysicalLocation
	if got[0].RuleID != "dactest/test-failed" || got[0].Level != "error" || loc.ArtifactLocation.URI != "detections/a.yml" || loc.Region.StartLine != 12 || loc.Region.StartColumn != 9 {
		t.Errorf("failed test result = %+v", got[0])
	}
	if want := []string{"T1003.001", "type:TTP", "status:production"}; !slices.Equal(got[0].Properties.Tags, want) {
		t.Errorf("tags %v, want the detection's techniques, type and status %v", got[0].Properties.Tags, want)
	}
	if got[1].RuleID != "dactest/test-unsupported" || got[1].Level != "note" || got[1].Locations[0].PhysicalLocation.Region.StartLine != 1 {
		t.Errorf("unsupported test without a search position = %+v", got[1])
	}
}

// A test that could not read a dataset points at the data entry naming it,
// the line to fix, not at the search.
func TestTestsSARIFPointsAtTheDataEntry(t *testing.T) {
	res := runner.TestResult{DetectionID: "d", Detection: "D", File: "detections/a.yml", Test: "tp", Status: runner.Error,
		Message: "dataset file missing: x.log", DataAt: &runner.Position{File: "detections/a.yml", Line: 71, Col: 5}}
	res.DetectionMeta = runner.DetectionMeta{SearchAt: &runner.Position{File: "detections/a.yml", Line: 12, Col: 9}}
	var buf bytes.Buffer
	if err := TestsSARIF(&buf, &runner.Report{Results: []runner.TestResult{res}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"startLine": 71`) || !strings.Contains(buf.String(), `"startColumn": 5`) {
		t.Errorf("not at the data entry:\n%s", buf.String())
	}
}
