// Package report renders a run's verdicts in the formats CI systems and
// people read: console text, JUnit XML and JSON (schemas/report.schema.json).
package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"time"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/explain"
	"github.com/dactest/dactest/harness/runner"
)

// Version is the JSON report format version.
const Version = 1

type jsonReport struct {
	Version    int                 `json:"version"`
	Tool       string              `json:"tool"`
	Started    string              `json:"started,omitempty"`
	DurationMS float64             `json:"duration_ms"`
	Summary    runner.Summary      `json:"summary"`
	Compile    runner.CompileStats `json:"compile"`
	Run        *runner.RunInfo     `json:"run,omitempty"`
	// Searches holds each detection file's search once: the same text
	// in every test of a 250,000-test survey was most of its report.
	Searches map[string]string `json:"searches,omitempty"`
	// Validation: errors in the tested content that fail the run.
	Validation []runner.ValidationError `json:"validation_errors,omitempty"`
	// Tests are streamed after the other members (JSON), not marshalled
	// with them.
	Tests []jsonTest `json:"-"`
}

type jsonTest struct {
	DetectionID   string           `json:"detection_id"`
	DetectionName string           `json:"detection_name"`
	File          string           `json:"file"`
	Test          string           `json:"test"`
	CaseID        string           `json:"case_id,omitempty"`
	Status        runner.Status    `json:"status"`
	Message       string           `json:"message,omitempty"`
	DurationMS    float64          `json:"duration_ms"`
	ResultCount   int              `json:"result_count"`
	Expected      *int             `json:"expected_results"`
	Columns       []string         `json:"columns,omitempty"`
	Rows          []map[string]any `json:"rows,omitempty"`
	RowsTruncated bool             `json:"rows_truncated,omitempty"`
	Stages        []runner.Stage   `json:"stages,omitempty"`
	Datasets      []string         `json:"datasets,omitempty"`
	Problems      []string         `json:"problems,omitempty"`
	DataWarnings  []string         `json:"data_warnings,omitempty"`
	// SearchWarnings: what Splunk runs anyway but the author should see
	// (a tstats field the data model does not define), with file:line:col.
	SearchWarnings []string `json:"search_warnings,omitempty"`
	// DataAt: the data entry naming a dataset the test could not read.
	DataAt *runner.Position `json:"data_at,omitempty"`
	// LoadAt: a detection file that does not load, its first error.
	LoadAt *runner.Position `json:"load_at,omitempty"`
	// Integration and explain results, as the runner records them.
	RiskEvents     []runner.RiskEvent   `json:"risk_events,omitempty"`
	RiskEventCount int                  `json:"risk_event_count,omitempty"`
	Notable        *runner.Notable      `json:"notable,omitempty"`
	Integration    []string             `json:"integration_problems,omitempty"`
	Explanation    *explain.Explanation `json:"explanation,omitempty"`
	runner.DetectionMeta
}

// JSON writes the report as one JSON document. The tests are encoded one
// at a time, so a survey's hundreds of thousands of results are never held
// twice in memory as one encoded buffer.
func JSON(w io.Writer, rep *runner.Report, tool string) error {
	head := jsonReport{
		Version: Version, Tool: tool, DurationMS: ms(rep.Duration),
		Summary: rep.Summary, Compile: rep.Compile, Run: rep.Run, Searches: map[string]string{},
		Validation: rep.Validation,
	}
	for _, t := range rep.Results {
		if t.Search != "" {
			head.Searches[t.File] = t.Search
		}
	}
	bw := bufio.NewWriter(w)
	prefix, err := headWithoutTests(head)
	if err != nil {
		return err
	}
	bw.Write(prefix)
	bw.WriteString(`"tests": [`)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // SPL and _raw hold < > &: keep them readable
	enc.SetIndent("    ", "  ")
	for i, t := range rep.Results {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n    ")
		if err := enc.Encode(jsonTestOf(t)); err != nil {
			return err
		}
	}
	bw.WriteString("  ]\n}\n")
	return bw.Flush()
}

// headWithoutTests is the report object's opening and every member but
// tests, ending with a comma: tests are streamed after it.
func headWithoutTests(head jsonReport) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(head); err != nil {
		return nil, err
	}
	b := bytes.TrimRight(buf.Bytes(), "\n")
	b = bytes.TrimSuffix(b, []byte("}"))
	return append(bytes.TrimRight(b, "\n "), []byte(",\n  ")...), nil
}

func jsonTestOf(t runner.TestResult) jsonTest {
	t.Search = "" // in the report's searches table
	return jsonTest{
		DetectionID: t.DetectionID, DetectionName: t.Detection, File: t.File, Test: t.Test,
		CaseID: t.CaseID, Status: t.Status, Message: t.Message, DurationMS: ms(t.Duration),
		ResultCount: t.ResultCount, Expected: t.Expected, Columns: t.Columns, Rows: jsonRows(t.Rows),
		RowsTruncated: t.ResultCount > len(t.Rows), Stages: t.Stages, Datasets: t.Datasets, Problems: t.Problems, DataWarnings: t.DataWarnings, SearchWarnings: t.SearchWarnings,
		DataAt: t.DataAt, LoadAt: t.LoadAt,
		RiskEvents: t.RiskEvents, RiskEventCount: t.RiskEventCount, Notable: t.Notable,
		Integration: t.Integration, Explanation: t.Explanation, DetectionMeta: t.DetectionMeta,
	}
}

// jsonRows renders single values as strings and multivalues as arrays.
func jsonRows(rows []event.Row) []map[string]any {
	var out []map[string]any
	for _, r := range rows {
		m := make(map[string]any, len(r))
		for k, v := range r {
			if v.Multi() {
				m[k] = []string(v)
			} else {
				m[k] = v.First()
			}
		}
		out = append(out, m)
	}
	return out
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
