package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/dactest/dactest/harness/runner"
)

// summary.yml is what `contentctl test` writes to test_results/summary.yml
// (contentctl: actions/detection_testing/views/DetectionTestingView.py
// getSummaryObject, Detection_Abstract.get_summary, BaseTestResult
// .get_summary_dict). The keys and their order are contentctl's so that
// pipelines reading it keep working. Where dactest has no such fact:
//   - summary.mode is "All" (dactest does not tell contentctl's
//     All/Changes/Selected modes apart);
//   - enable_integration_testing is false and every test is test_type
//     "unit": the verdicts are contentctl's unit-test rules;
//   - wait_duration is null: there is no Splunk indexing to wait for;
//   - untested_detections is empty: every planned test gets a verdict;
//   - percent_complete is tested/(tested+untested); contentctl divides by the
//     untested count, which prints "UKNOWN" whenever everything ran;
//   - a test dactest calls unsupported is status "error" (contentctl's
//     statuses are pass/fail/skip/error) with the reason in message and
//     exception.

type summaryDoc struct {
	Summary            summaryCounts      `yaml:"summary"`
	TestedDetections   []summaryDetection `yaml:"tested_detections"`
	SkippedDetections  []summaryDetection `yaml:"skipped_detections"`
	UntestedDetections []summaryDetection `yaml:"untested_detections"`
	PercentComplete    string             `yaml:"percent_complete"`
}

type summaryCounts struct {
	Mode                     string `yaml:"mode"`
	EnableIntegrationTesting bool   `yaml:"enable_integration_testing"`
	Success                  bool   `yaml:"success"`
	TotalDetections          int    `yaml:"total_detections"`
	TotalTestedDetections    int    `yaml:"total_tested_detections"`
	TotalPass                int    `yaml:"total_pass"`
	TotalFail                int    `yaml:"total_fail"`
	TotalSkipped             int    `yaml:"total_skipped"`
	TotalUntested            int    `yaml:"total_untested"`
	TotalProduction          int    `yaml:"total_production"`
	TotalExperimental        int    `yaml:"total_experimental"`
	TotalDeprecated          int    `yaml:"total_deprecated"`
	TotalManual              int    `yaml:"total_manual"`
	SuccessRate              string `yaml:"success_rate"`
}

type summaryDetection struct {
	Name             string        `yaml:"name"`
	Type             *string       `yaml:"type"`
	ProductionStatus *string       `yaml:"production_status"`
	Status           string        `yaml:"status"`
	SourceCategory   string        `yaml:"source_category"`
	DataSource       []string      `yaml:"data_source"`
	Search           *string       `yaml:"search"`
	FilePath         string        `yaml:"file_path"`
	ManualTest       *string       `yaml:"manual_test"`
	Success          bool          `yaml:"success"`
	Tests            []summaryTest `yaml:"tests"`
}

type summaryTest struct {
	Name         string   `yaml:"name"`
	TestType     string   `yaml:"test_type"`
	Success      bool     `yaml:"success"`
	Message      *string  `yaml:"message"`
	Exception    *string  `yaml:"exception"`
	Status       string   `yaml:"status"`
	Duration     float64  `yaml:"duration"`
	WaitDuration *float64 `yaml:"wait_duration"`
	ResultCount  string   `yaml:"resultCount"` // Splunk's job content gives strings
	RunDuration  string   `yaml:"runDuration"` // fixed width, 3 decimals, as contentctl
}

// SummaryYML writes contentctl's test_results/summary.yml for the run.
func SummaryYML(w io.Writer, rep *runner.Report) error {
	doc := summaryDoc{TestedDetections: []summaryDetection{}, SkippedDetections: []summaryDetection{},
		UntestedDetections: []summaryDetection{}}
	for _, d := range groupByDetection(rep.Results) {
		sd := summarize(d)
		countDetection(&doc.Summary, sd)
		if sd.Status == string(runner.Skip) {
			doc.SkippedDetections = append(doc.SkippedDetections, sd)
		} else {
			doc.TestedDetections = append(doc.TestedDetections, sd)
		}
	}
	sortSummary(&doc)
	s := &doc.Summary
	s.Mode = "All"
	s.Success = s.TotalFail+s.TotalUntested == 0 && rep.Summary.Validation == 0 // contentctl would not build invalid content
	s.TotalDetections = s.TotalFail + s.TotalPass + s.TotalUntested + s.TotalSkipped
	s.TotalTestedDetections = s.TotalFail + s.TotalPass
	s.SuccessRate = percent(s.TotalPass, s.TotalTestedDetections)
	doc.PercentComplete = percent(len(doc.TestedDetections), len(doc.TestedDetections)+len(doc.UntestedDetections))
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return enc.Close()
}

// groupByDetection gathers the tests of each detection in first-seen order.
func groupByDetection(results []runner.TestResult) [][]runner.TestResult {
	index := map[string]int{}
	var out [][]runner.TestResult
	for _, t := range results {
		key := t.DetectionID
		if key == "" {
			key = t.File + "\x00" + t.Detection
		}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], t)
	}
	return out
}

func summarize(tests []runner.TestResult) summaryDetection {
	first := tests[0]
	info := first.DetectionMeta
	sd := summaryDetection{
		Name: first.Detection, Status: string(detectionStatus(tests)),
		SourceCategory: sourceCategory(first.File), DataSource: info.DataSources, FilePath: first.File,
	}
	if sd.DataSource == nil {
		sd.DataSource = []string{}
	}
	if info.DetectionType != "" || info.DetectionStatus != "" {
		sd.Type, sd.ProductionStatus, sd.Search = &info.DetectionType, &info.DetectionStatus, &info.Search
		sd.ManualTest = optional(info.ManualTest)
	}
	sd.Success = sd.Status != string(runner.Fail)
	for _, t := range tests {
		sd.Tests = append(sd.Tests, summarizeTest(t))
	}
	return sd
}

// detectionStatus is contentctl's Detection.test_status: fail when any test
// failed or errored, skip when all were skipped, else pass.
func detectionStatus(tests []runner.TestResult) runner.Status {
	skipped := 0
	for _, t := range tests {
		switch t.Status {
		case runner.Fail, runner.Error, runner.Unsupported:
			return runner.Fail
		case runner.Skip:
			skipped++
		}
	}
	if skipped == len(tests) {
		return runner.Skip
	}
	return runner.Pass
}

func summarizeTest(t runner.TestResult) summaryTest {
	st := t.Status
	msg := t.Message
	var exception *string
	if st == runner.Unsupported {
		st = runner.Error
		if !strings.HasPrefix(msg, "unsupported") { // the engine's message usually says so itself
			msg = "unsupported: " + msg
		}
	}
	if st == runner.Error {
		exception = &msg
	}
	secs := t.Duration.Seconds()
	return summaryTest{
		Name: t.Test, TestType: "unit", Success: st == runner.Pass || st == runner.Skip,
		Message: optional(msg), Exception: exception, Status: string(st),
		Duration: float64(int64(secs*1000+0.5)) / 1000, ResultCount: fmt.Sprint(t.ResultCount),
		RunDuration: fmt.Sprintf("%.3f", secs),
	}
}

func countDetection(s *summaryCounts, d summaryDetection) {
	switch d.Status {
	case string(runner.Pass):
		s.TotalPass++
	case string(runner.Fail):
		s.TotalFail++
	case string(runner.Skip):
		s.TotalSkipped++
	}
	if d.ProductionStatus != nil {
		switch *d.ProductionStatus {
		case "production":
			s.TotalProduction++
		case "experimental":
			s.TotalExperimental++
		case "deprecated":
			s.TotalDeprecated++
		}
	}
	if d.ManualTest != nil {
		s.TotalManual++
	}
}

// sortSummary orders as contentctl: failures first then by name; skipped
// detections with tests before those without, then by name.
func sortSummary(doc *summaryDoc) {
	sort.SliceStable(doc.TestedDetections, func(i, j int) bool {
		a, b := doc.TestedDetections[i], doc.TestedDetections[j]
		if a.Success != b.Success {
			return !a.Success
		}
		return a.Name < b.Name
	})
	sort.SliceStable(doc.SkippedDetections, func(i, j int) bool {
		a, b := doc.SkippedDetections[i], doc.SkippedDetections[j]
		if (len(a.Tests) > 0) != (len(b.Tests) > 0) {
			return len(a.Tests) > 0
		}
		return a.Name < b.Name
	})
}

// percent is contentctl's Utils.getPercent: one decimal and a % sign, and
// its spelling "UKNOWN" when the denominator is zero.
func percent(num, den int) string {
	if den == 0 {
		return "UKNOWN"
	}
	return fmt.Sprintf("%.1f%%", float64(num)*100/float64(den))
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
