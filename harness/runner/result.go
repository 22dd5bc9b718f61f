// Package runner turns content and datasets into verdicts: it selects the
// tests to run, reads each dataset once, runs the compiled detections over
// them in parallel and judges each result as contentctl would.
package runner

import (
	"time"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/explain"
)

// Status is a test's verdict.
type Status string

const (
	Pass        Status = "pass"
	Fail        Status = "fail"
	Skip        Status = "skip"
	Error       Status = "error"       // the test could not run: missing or unreadable data
	Unsupported Status = "unsupported" // the search uses something the engine cannot run
)

// TestResult is the verdict of one detection test (or one manifest case).
type TestResult struct {
	CaseID      string        `json:"case_id,omitempty"`
	DetectionID string        `json:"detection_id"`
	Detection   string        `json:"detection"`
	File        string        `json:"file"`
	Test        string        `json:"test"`
	Status      Status        `json:"status"`
	Message     string        `json:"message,omitempty"`
	Duration    time.Duration `json:"-"`
	ResultCount int           `json:"result_count"`
	Expected    *int          `json:"expected_results"` // exact rows required; nil: at least one
	Columns     []string      `json:"columns,omitempty"`
	Rows        []event.Row   `json:"rows,omitempty"`
	Stages      []Stage       `json:"stages,omitempty"`
	Datasets    []string      `json:"datasets,omitempty"`
	Problems    []string      `json:"problems,omitempty"` // bad records skipped while reading
	// DataAt is the data entry (a test's attack_data item, a manifest
	// case's data item) of a dataset the test could not read.
	DataAt *Position `json:"data_at,omitempty"`
	// LoadAt is, for a detection file that does not load, its first load
	// error (the file has no search to point at).
	LoadAt *Position `json:"load_at,omitempty"`
	// DataWarnings name dataset files whose events lack source, sourcetype
	// or host (a JSON-lines capture the test gives no labels for).
	DataWarnings []string `json:"data_warnings,omitempty"`
	// SearchWarnings are the search's compile warnings (a tstats field the
	// data model does not define), each with its file:line:col.
	SearchWarnings []string `json:"search_warnings,omitempty"`
	// Integration: the risk events ES would write (capped at MaxRiskEvents;
	// RiskEventCount is the total) and the notable of a TTP detection.
	RiskEvents     []RiskEvent `json:"risk_events,omitempty"`
	RiskEventCount int         `json:"risk_event_count,omitempty"`
	Notable        *Notable    `json:"notable,omitempty"`
	Integration    []string    `json:"integration_problems,omitempty"`
	// Explanation says where a failing test's events were dropped and why.
	Explanation *explain.Explanation `json:"explanation,omitempty"`
	DetectionMeta
}

// DetectionMeta is what reports tell of a test's detection beyond its
// verdict (JUnit properties, summary.yml keys, the Navigator's techniques,
// SARIF's location). It travels in the result, and so in the JSON report,
// so a merged run, which has no content tree, keeps it.
type DetectionMeta struct {
	DetectionType   string    `json:"detection_type,omitempty"`
	DetectionStatus string    `json:"detection_status,omitempty"`
	MitreIDs        []string  `json:"mitre_attack_ids,omitempty"` // tags.mitre_attack_id, sorted, distinct
	DataSources     []string  `json:"data_sources,omitempty"`
	ManualTest      string    `json:"manual_test,omitempty"`
	Search          string    `json:"search,omitempty"`
	SearchAt        *Position `json:"search_at,omitempty"` // where the search: scalar starts
}

// Position is a place in a content file, 1-based.
type Position struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// Stage is the row count after one pipeline stage, so a test that does not
// fire says where its events were dropped.
type Stage struct {
	Command string `json:"command"`
	In      int    `json:"in"`
	Out     int    `json:"out"`
}

// Summary counts verdicts.
type Summary struct {
	Total       int `json:"total"`
	Pass        int `json:"pass"`
	Fail        int `json:"fail"`
	Skip        int `json:"skip"`
	Error       int `json:"error"`
	Unsupported int `json:"unsupported"`
	// Partial marks a merge that lacks some shards (merge --allow-partial):
	// the counts are not the whole run's.
	Partial bool `json:"partial,omitempty"`
	// Validation counts Report.Validation: errors that fail the run
	// though no test failed.
	Validation int `json:"validation_errors,omitempty"`
}

// Add counts one verdict.
func (s *Summary) Add(st Status) {
	s.Total++
	switch st {
	case Pass:
		s.Pass++
	case Fail:
		s.Fail++
	case Skip:
		s.Skip++
	case Error:
		s.Error++
	case Unsupported:
		s.Unsupported++
	}
}

// Report is everything one run produced.
type Report struct {
	Results  []TestResult  `json:"tests"`
	Summary  Summary       `json:"summary"`
	Duration time.Duration `json:"-"`
	// Compile tallies how the content's searches fared, for whole-tree runs.
	Compile CompileStats `json:"compile"`
	// Run identifies the plan, for merging shards; nil for a report built
	// in memory without one.
	Run *RunInfo `json:"run,omitempty"`
	// Validation lists the errors validate finds in the tested detections
	// and the files they use (see ValidationError).
	Validation []ValidationError `json:"validation_errors,omitempty"`
}

// CompileStats tallies detections by what happened to their search.
type CompileStats struct {
	Detections  int            `json:"detections"`
	Compiled    int            `json:"compiled"`
	Unsupported int            `json:"unsupported"`
	Invalid     int            `json:"invalid"`
	Missing     map[string]int `json:"missing,omitempty"` // unsupported piece -> detections needing it
}

// MaxRows caps the rows kept per test in reports.
const MaxRows = 50
