package report

import (
	"bytes"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/dactest/dactest/harness/runner"
)

// The keys contentctl's DetectionTestingView.getSummaryObject and
// Detection_Abstract.get_summary write, in their order.
var (
	contentctlTopKeys       = []string{"summary", "tested_detections", "skipped_detections", "untested_detections", "percent_complete"}
	contentctlSummaryKeys   = []string{"mode", "enable_integration_testing", "success", "total_detections", "total_tested_detections", "total_pass", "total_fail", "total_skipped", "total_untested", "total_production", "total_experimental", "total_deprecated", "total_manual", "success_rate"}
	contentctlDetectionKeys = []string{"name", "type", "production_status", "status", "source_category", "data_source", "search", "file_path", "manual_test", "success", "tests"}
	contentctlTestKeys      = []string{"name", "test_type", "success", "message", "exception", "status", "duration", "wait_duration", "resultCount", "runDuration"}
)

func mappingKeys(t *testing.T, n *yaml.Node) []string {
	t.Helper()
	if n.Kind != yaml.MappingNode {
		t.Fatalf("want a mapping at line %d, got kind %v", n.Line, n.Kind)
	}
	var keys []string
	for i := 0; i < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	return keys
}

func TestSummaryYMLHasContentctlKeysInOrder(t *testing.T) {
	var buf bytes.Buffer
	if err := SummaryYML(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	root := doc.Content[0]
	check := func(what string, got, want []string) {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s keys:\n got %v\nwant %v", what, got, want)
		}
	}
	check("top", mappingKeys(t, root), contentctlTopKeys)
	check("summary", mappingKeys(t, root.Content[1]), contentctlSummaryKeys)
	tested := root.Content[3]
	check("detection", mappingKeys(t, tested.Content[0]), contentctlDetectionKeys)
	tests := tested.Content[0].Content[len(tested.Content[0].Content)-1]
	check("test", mappingKeys(t, tests.Content[0]), contentctlTestKeys)
}

type summaryFile struct {
	Summary            map[string]any   `yaml:"summary"`
	TestedDetections   []map[string]any `yaml:"tested_detections"`
	SkippedDetections  []map[string]any `yaml:"skipped_detections"`
	UntestedDetections []map[string]any `yaml:"untested_detections"`
	PercentComplete    string           `yaml:"percent_complete"`
}

func TestSummaryYMLCountsAndVerdicts(t *testing.T) {
	var buf bytes.Buffer
	if err := SummaryYML(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	var f summaryFile
	if err := yaml.Unmarshal(buf.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	// Detections, not tests, are counted: Fail Detection has a failing and a
	// passing test and counts once, as failed; error and unsupported fail
	// their detection (contentctl's test_status); Skip Detection is skipped.
	want := map[string]any{
		"mode": "All", "enable_integration_testing": false, "success": false,
		"total_detections": 5, "total_tested_detections": 4, "total_pass": 1, "total_fail": 3,
		"total_skipped": 1, "total_untested": 0, "total_production": 4, "total_experimental": 1,
		"total_deprecated": 0, "total_manual": 1, "success_rate": "25.0%",
	}
	if !reflect.DeepEqual(f.Summary, want) {
		t.Errorf("summary:\n got %v\nwant %v", f.Summary, want)
	}
	var names []string
	for _, d := range f.TestedDetections {
		names = append(names, d["name"].(string))
	}
	// contentctl sorts failures first, then by name.
	wantNames := []string{"Error Detection", "Fail Detection", "Unsupported Detection", "Pass Detection"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("tested_detections order %v, want %v", names, wantNames)
	}
	if len(f.SkippedDetections) != 1 || f.SkippedDetections[0]["status"] != "skip" || f.SkippedDetections[0]["production_status"] != "experimental" {
		t.Errorf("skipped_detections = %v", f.SkippedDetections)
	}
	if len(f.UntestedDetections) != 0 || f.PercentComplete != "100.0%" {
		t.Errorf("untested %v, percent_complete %q", f.UntestedDetections, f.PercentComplete)
	}
	fail := f.TestedDetections[1]
	if fail["status"] != "fail" || fail["success"] != false || fail["type"] != "Anomaly" || fail["source_category"] != "endpoint" {
		t.Errorf("Fail Detection = %v", fail)
	}
	tests := fail["tests"].([]any)
	tp := tests[0].(map[string]any)
	if tp["status"] != "fail" || tp["success"] != false || tp["resultCount"] != "3" || tp["runDuration"] != "0.250" ||
		tp["duration"] != 0.25 || tp["test_type"] != "unit" || tp["exception"] != nil || tp["wait_duration"] != nil {
		t.Errorf("failing test = %v", tp)
	}
	unsupported := f.TestedDetections[2]["tests"].([]any)[0].(map[string]any)
	if unsupported["status"] != "error" || unsupported["success"] != false ||
		unsupported["exception"] != "unsupported: detections/network/unsupported_detection.yml:12:7: command 'mstats' is not supported" {
		t.Errorf("unsupported test = %v", unsupported)
	}
	if f.TestedDetections[2]["manual_test"] != "needs a metrics index" {
		t.Errorf("manual_test = %v", f.TestedDetections[2]["manual_test"])
	}
}

func TestSummaryYMLWithoutMetaAndEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := SummaryYML(&buf, withoutMeta(fixtureReport())); err != nil {
		t.Fatal(err)
	}
	var f summaryFile
	if err := yaml.Unmarshal(buf.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if d := f.TestedDetections[0]; d["type"] != nil || d["search"] != nil || d["production_status"] != nil {
		t.Errorf("unknown facts must be null, not invented: %v", d)
	}
	buf.Reset()
	if err := SummaryYML(&buf, &runner.Report{}); err != nil {
		t.Fatal(err)
	}
	f = summaryFile{}
	if err := yaml.Unmarshal(buf.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	// contentctl's Utils.getPercent prints "UKNOWN" (sic) for a zero denominator.
	if f.Summary["success_rate"] != "UKNOWN" || f.Summary["success"] != true || f.TestedDetections == nil {
		t.Errorf("empty run: %v tested=%v", f.Summary, f.TestedDetections)
	}
}

// The engine's message for an unsupported search already says so; the
// summary does not say it twice.
func TestSummaryUnsupportedSaysItOnce(t *testing.T) {
	for msg, want := range map[string]string{
		"unsupported: command anomalydetection (x.yml:3:9)": "unsupported: command anomalydetection (x.yml:3:9)",
		"x.yml:12:7: command 'mstats' is not supported":     "unsupported: x.yml:12:7: command 'mstats' is not supported",
	} {
		got := summarizeTest(runner.TestResult{Status: runner.Unsupported, Message: msg})
		if got.Exception == nil || *got.Exception != want || got.Status != "error" {
			t.Errorf("%q: exception %v, status %s; want %q", msg, got.Exception, got.Status, want)
		}
	}
}
