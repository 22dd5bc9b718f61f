package report

import (
	"time"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/explain"
	"github.com/dactest/dactest/harness/runner"
)

// fixtureReport is one run with every verdict: a pass, a failure with rows
// (one holding markup and a pipe, one a multivalue), an error, an
// unsupported search, a skip, and a detection with one passing and one
// failing test.
func fixtureReport() *runner.Report {
	zero := 0
	rows := []event.Row{
		{"user": event.Single("alice|admin"), "dest": event.Single("<script>alert(1)</script>"), "count": event.Single("3")},
		{"user": nil, "dest": event.Value{"host-a", "host-b"}, "count": event.Single("1")},
	}
	results := []runner.TestResult{
		{DetectionID: "p1", Detection: "Pass Detection", File: "detections/endpoint/pass_detection.yml", Test: "true positive",
			Status: runner.Pass, Message: "2 result(s)", Duration: 120 * time.Millisecond, ResultCount: 2,
			Columns: []string{"count"}, Rows: []event.Row{{"count": event.Single("7")}}, Datasets: []string{"data/pass.log"},
			RiskEvents: []runner.RiskEvent{{SearchName: "ESCU - Pass Detection - Rule", RiskObject: "alice", RiskObjectType: "user",
				RiskObjectField: "user", RiskScore: 56, RiskMessage: "alice ran <b>procdump</b>", ThreatObject: []string{"procdump.exe"},
				MitreAttack: []string{"T1003.001"}}},
			RiskEventCount: 2, Notable: &runner.Notable{SearchName: "ESCU - Pass Detection - Rule", SecurityDomain: "endpoint", Events: 2}},
		{DetectionID: "f1", Detection: "Fail Detection", File: "detections/endpoint/fail_detection.yml", Test: "true positive",
			Status: runner.Fail, Message: "risk object user is null in 1 of 3 row(s)", Duration: 250 * time.Millisecond,
			ResultCount: 3, Columns: []string{"user", "dest", "count"}, Rows: rows,
			Stages:      []runner.Stage{{Command: "search", In: 10, Out: 4}, {Command: "stats", In: 4, Out: 3}},
			Datasets:    []string{"data/fail.log"},
			Integration: []string{"risk message keeps $process$"},
			Explanation: &explain.Explanation{
				Stages: []explain.Stage{{Command: "search", Text: "search EventCode=1", In: 10, Out: 4}, {Command: "where", Text: "where count>5", In: 4, Out: 0}},
				Blocked: &explain.Blocked{Stage: 1, Command: "where", Considered: 4, Nearest: []explain.Near{{Index: 0,
					Failed: []explain.Failure{{Condition: "count>5", Field: "count", Kind: explain.WhereFalse, Got: []string{"3"}}}}}},
			}},
		{DetectionID: "f1", Detection: "Fail Detection", File: "detections/endpoint/fail_detection.yml", Test: "benign data",
			Status: runner.Pass, Expected: &zero, Message: "no result, as expected", Duration: 5 * time.Millisecond},
		{DetectionID: "e1", Detection: "Error Detection", File: "detections/cloud/error_detection.yml", Test: "true positive",
			Status: runner.Error, Message: "dataset data/missing.log: no such file", Datasets: []string{"data/missing.log"}},
		{DetectionID: "u1", Detection: "Unsupported Detection", File: "detections/network/unsupported_detection.yml", Test: "true positive",
			Status: runner.Unsupported, Message: "detections/network/unsupported_detection.yml:12:7: command 'mstats' is not supported"},
		{DetectionID: "s1", Detection: "Skip Detection", File: "detections/endpoint/skip_detection.yml", Test: "true positive",
			Status: runner.Skip, Message: "TEST SKIPPED: Detection is non-production (experimental)"},
	}
	rep := &runner.Report{Results: results, Duration: 1500 * time.Millisecond}
	meta := fixtureMeta()
	for i, t := range results {
		results[i].DetectionMeta = meta[t.DetectionID]
		rep.Summary.Add(t.Status)
	}
	return rep
}

// fixtureMeta is what each fixture detection's results carry about it.
func fixtureMeta() map[string]runner.DetectionMeta {
	return map[string]runner.DetectionMeta{
		"p1": {DetectionType: "TTP", DetectionStatus: "production", Search: "`sysmon` EventCode=1", DataSources: []string{"Sysmon EventID 1"}, MitreIDs: []string{"T1003.001"}},
		"f1": {DetectionType: "Anomaly", DetectionStatus: "production", Search: "`sysmon` | stats count by user dest", MitreIDs: []string{"T1059", "T1003.001", "T1059"}},
		"e1": {DetectionType: "TTP", DetectionStatus: "production", Search: "`cloudtrail`", MitreIDs: []string{"T1078"}},
		"u1": {DetectionType: "Hunting", DetectionStatus: "production", Search: "| mstats count", ManualTest: "needs a metrics index"},
		"s1": {DetectionType: "TTP", DetectionStatus: "experimental", Search: "`wineventlog_security`", MitreIDs: []string{"T1110"}},
	}
}

// withoutMeta drops what the results tell of their detections, as in a
// report written by hand or by an older dactest.
func withoutMeta(rep *runner.Report) *runner.Report {
	for i := range rep.Results {
		rep.Results[i].DetectionMeta = runner.DetectionMeta{}
	}
	return rep
}
