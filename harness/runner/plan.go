package runner

import (
	"fmt"
	"strings"

	"github.com/dactest/dactest/harness/content"
)

// Expectation is what a test requires of the search's results.
type Expectation struct {
	Fires   bool // at least one result (false: a negative test, no result)
	Results *int // exactly this many rows, when set
}

// Job is one test to run: a detection, its datasets and the expectation.
type Job struct {
	CaseID     string
	Content    *Content
	Detection  *content.Detection
	Test       string
	Data       []DataRef
	DataErr    error // a dataset could not be resolved; the job reports it
	Broken     error // the case itself is unusable (content or detection missing)
	Expect     Expectation
	SkipReason string
}

// Content is a loaded content tree and where it lives on disk (for
// relative dataset paths); nil Dir means embedded content.
type Content struct {
	Tree *content.Tree
	Dir  string
}

// Selection narrows which detections of a tree are tested.
type Selection struct {
	Files []string // detection files (as named in the tree) to keep; empty keeps all
}

func (s Selection) keeps(d *content.Detection) bool {
	if len(s.Files) == 0 {
		return true
	}
	for _, f := range s.Files {
		if d.File == f || strings.HasSuffix(d.File, "/"+strings.TrimPrefix(f, "./")) {
			return true
		}
	}
	return false
}

// PlanContent lists the tests that the detections of c declare.
func PlanContent(c *Content, sel Selection, dataRoot string) []Job {
	var jobs []Job
	for _, d := range c.Tree.Detections {
		if !sel.keeps(d) {
			continue
		}
		jobs = append(jobs, detectionJobs(c, d, dataRoot)...)
	}
	return jobs
}

func detectionJobs(c *Content, d *content.Detection, dataRoot string) []Job {
	skip := skipReason(d)
	if len(d.Tests) == 0 {
		return []Job{{Content: c, Detection: d, Test: "(no tests)", SkipReason: orDefault(skip, "the detection declares no tests")}}
	}
	var jobs []Job
	for i, t := range d.Tests {
		j := Job{Content: c, Detection: d, Test: testName(t.Name, i), SkipReason: skip, Expect: Expectation{Fires: true}}
		if t.ExpectedResults != nil {
			j.Expect = Expectation{Fires: *t.ExpectedResults > 0, Results: t.ExpectedResults}
		}
		if skip == "" {
			j.Data, j.DataErr = resolveRefs(t.AttackData, c.Dir, dataRoot)
		}
		jobs = append(jobs, j)
	}
	return jobs
}

func resolveRefs(refs []content.AttackData, base, dataRoot string) ([]DataRef, error) {
	var out []DataRef
	for _, a := range refs {
		p, err := resolveData(a.Data, base, dataRoot)
		if err != nil {
			return nil, err
		}
		out = append(out, DataRef{Path: p, Source: a.Source, Sourcetype: a.Sourcetype})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the test names no attack_data")
	}
	return out, nil
}

// skipReason says why contentctl would not test a detection, or "".
func skipReason(d *content.Detection) string {
	switch {
	case d.Status != "production":
		return fmt.Sprintf("status %q: only production detections are tested", d.Status)
	case strings.EqualFold(d.Type, "Correlation"):
		return "Correlation searches run over risk data, not datasets"
	case d.ManualTest != "":
		return "manual_test: " + d.ManualTest
	}
	return ""
}

func testName(name string, i int) string {
	if name == "" {
		return fmt.Sprintf("test %d", i+1)
	}
	return name
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
