package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/dactest/dactest/harness/runner"
)

//go:embed templates/report.html.tmpl
var htmlTemplates embed.FS

var htmlReport = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"upper": strings.ToUpper,
}).ParseFS(htmlTemplates, "templates/report.html.tmpl"))

// htmlPage is what the template renders; html/template escapes every value,
// so field values from attack data cannot inject markup.
type htmlPage struct {
	Title     string
	Generated string
	Duration  string
	Summary   runner.Summary
	Counts    []htmlCount
	Tests     []htmlTest
	// Validation errors fail the run though no test failed.
	Validation []runner.ValidationError
}

type htmlCount struct {
	Status string
	N      int
}

type htmlTest struct {
	Index                 int
	Status, Rank          string
	Detection, Test, File string
	ID, CaseID, Message   string
	Results               int
	Expected              string
	DurationMS            string
	Stages                []runner.Stage
	Columns               []string
	Rows                  [][]htmlCell
	RowsNote              string
	Datasets, Problems    []string
	Mitre                 []string
	Explanation           string
	Integration           []string
	RiskEvents            []runner.RiskEvent
	RiskNote              string
	Notable               *runner.Notable
}

// htmlCell is one result value; a null shows as a dimmed "null", unlike
// the empty string.
type htmlCell struct {
	Text string
	Null bool
}

// HTML writes a single self-contained page (inline CSS and script, no
// external assets): the counts, a sortable and filterable table of tests,
// and for each test its message, why nothing fired, stage counts, result
// rows, risk events, notable and datasets.
func HTML(w io.Writer, rep *runner.Report) error {
	page := htmlPage{
		Title: "dactest report", Generated: time.Now().UTC().Format(time.RFC3339),
		Duration: rep.Duration.Round(time.Millisecond).String(), Summary: rep.Summary,
		Validation: rep.Validation,
	}
	s := rep.Summary
	page.Counts = []htmlCount{{"fail", s.Fail}, {"error", s.Error}, {"unsupported", s.Unsupported}, {"pass", s.Pass}, {"skip", s.Skip}}
	for i, t := range worstFirst(rep.Results) {
		page.Tests = append(page.Tests, htmlTestOf(i, t))
	}
	return htmlReport.Execute(w, page)
}

func htmlTestOf(i int, t runner.TestResult) htmlTest {
	h := htmlTest{
		Index: i, Status: string(t.Status), Rank: fmt.Sprint(statusRank[t.Status]),
		Detection: t.Detection, Test: t.Test, File: t.File, ID: t.DetectionID, CaseID: t.CaseID,
		Message: t.Message, Results: t.ResultCount, Expected: "≥ 1",
		DurationMS: fmt.Sprintf("%.1f", float64(t.Duration.Microseconds())/1000),
		Stages:     t.Stages, Columns: t.Columns, Datasets: t.Datasets, Problems: t.Problems,
		Mitre: techniques(t),
	}
	if t.Expected != nil {
		h.Expected = fmt.Sprint(*t.Expected)
	}
	h.Explanation, h.Integration, h.Notable = explanationText(t), t.Integration, t.Notable
	h.RiskEvents = t.RiskEvents
	if t.RiskEventCount > len(t.RiskEvents) {
		h.RiskNote = fmt.Sprintf("first %d of %d", len(t.RiskEvents), t.RiskEventCount)
	}
	for _, r := range t.Rows {
		cells := make([]htmlCell, len(t.Columns))
		for j, c := range t.Columns {
			v := r.Get(c)
			cells[j] = htmlCell{Text: v.String(), Null: v.Null()}
		}
		h.Rows = append(h.Rows, cells)
	}
	if t.ResultCount > len(t.Rows) && len(t.Rows) > 0 {
		h.RowsNote = fmt.Sprintf("first %d of %d rows", len(t.Rows), t.ResultCount)
	}
	return h
}
