package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/runner"
)

func TestMarkdownSummary(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"## dactest: ❌ failed",
		"| ❌ fail | 1 |", "| 💥 error | 1 |", "| 🚧 unsupported | 1 |", "| ✅ pass | 2 |", "| ⏭️ skip | 1 |",
		"| **total** | **6** |",
		"#### ❌ Fail Detection — true positive",
		"> risk object user is null in 1 of 3 row(s)",
		"First 2 of 3 result row(s):",
		"| user | dest | count |",
		`| alice\|admin | &lt;script&gt;alert(1)&lt;/script&gt; | 3 |`, // a pipe must not split the cell
		"|  | host-a<br>host-b | 1 |",                                  // null is empty, multivalue one per line
		"| `search` | 10 | 4 |",
		"#### 🚧 Unsupported Detection — true positive",
		"<details><summary>All 6 tests</summary>",
		"- integration: risk message keeps $process$",
		"<details open><summary>Why nothing fired</summary>",
		`  - where count>5 is false (count is "3")`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "<script>") {
		t.Error("markdown lets a field value inject <script>")
	}
	// Failures come first: the failure, then the error, then unsupported;
	// passing and skipped tests are only in the collapsed list.
	order := []string{"#### ❌ Fail", "#### 💥 Error", "#### 🚧 Unsupported", "<details><summary>All"}
	last := -1
	for _, s := range order {
		i := strings.Index(md, s)
		if i <= last {
			t.Fatalf("%q out of order (at %d, previous at %d)", s, i, last)
		}
		last = i
	}
	if strings.Contains(md, "#### ✅") || strings.Contains(md, "#### ⏭️") {
		t.Error("passing or skipped tests listed as failures")
	}
	if i := strings.Index(md, "| ✅ pass | Pass Detection"); i < strings.Index(md, "| 💥 error | Error Detection") {
		t.Error("the full list does not put failures first")
	}
}

func TestMarkdownAllPassedAndEmpty(t *testing.T) {
	rep := fixtureReport()
	rep.Results = rep.Results[:1]
	rep.Summary.Total, rep.Summary.Pass, rep.Summary.Fail, rep.Summary.Error, rep.Summary.Unsupported, rep.Summary.Skip = 1, 1, 0, 0, 0, 0
	var buf bytes.Buffer
	if err := Markdown(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if md := buf.String(); !strings.Contains(md, "## dactest: ✅ all tests passed") || strings.Contains(md, "### Failures") {
		t.Errorf("all-pass summary wrong:\n%s", md)
	}
	rep.Results, rep.Summary.Total, rep.Summary.Pass = nil, 0, 0
	buf.Reset()
	if err := Markdown(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if md := buf.String(); !strings.Contains(md, "## dactest: ⚠️ no tests") {
		t.Errorf("empty run is not flagged:\n%s", md)
	}
}

// GitHub refuses a step summary over 1 MiB: a run with thousands of
// failures with long values must stay under it.
func TestMarkdownStaysUnderTheStepSummaryLimit(t *testing.T) {
	base := fixtureReport().Results[1]
	long := strings.Repeat("x", 5000)
	rep := &runner.Report{}
	for i := 0; i < 5000; i++ {
		r := base
		r.Detection = fmt.Sprintf("Detection %04d %s", i, long[:100])
		r.Message = long
		r.Rows = nil
		for j := 0; j < runner.MaxRows; j++ {
			r.Rows = append(r.Rows, event.Row{"user": event.Single(long), "dest": event.Single("d"), "count": event.Single("1")})
		}
		rep.Results = append(rep.Results, r)
		rep.Summary.Add(r.Status)
	}
	var buf bytes.Buffer
	if err := Markdown(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if n := buf.Len(); n > 1<<20 {
		t.Fatalf("summary is %d bytes, over GitHub's 1 MiB", n)
	}
	if !strings.Contains(buf.String(), "_… 4000 more in the JUnit/JSON reports._") {
		t.Error("the cut is not said")
	}
}
