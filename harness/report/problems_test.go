package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/runner"
)

// The problems the ingest reports for a truncated archive and a broken
// JSON line, worded as harness/ingest words them (file: offset: what).
const (
	truncatedGz = "data/x.log.gz: offset 78996: archive truncated or corrupt after 78996 bytes of the member: unexpected EOF; the records before this point were read"
	brokenJSON  = "data/y.json: record 7: offset 1200: invalid character '}' looking for beginning of object key string"
)

// lostInputReport is a run where every verdict that reads data lost some:
// a failure that fired on nothing (the user's case: the archive was cut
// before any event), a pass, an expected "no result", an error, and a
// clean pass that must say nothing of lost input.
func lostInputReport() *runner.Report {
	zero := 0
	results := []runner.TestResult{
		{Detection: "Cut Archive", Test: "true positive", File: "detections/endpoint/cut_archive.yml", Status: runner.Fail,
			Message:  "no result (rows per stage: tstats 0→0); `tstats` left no row: no input rows: the dataset has no events",
			Datasets: []string{"data/x.log.gz"}, Problems: []string{truncatedGz}},
		{Detection: "Partial Pass", Test: "true positive", File: "detections/endpoint/partial_pass.yml", Status: runner.Pass,
			Message: "11 result(s)", ResultCount: 11, Problems: []string{brokenJSON, truncatedGz, brokenJSON}},
		{Detection: "Quiet Benign", Test: "benign data", File: "detections/endpoint/quiet_benign.yml", Status: runner.Pass,
			Expected: &zero, Message: "no result, as expected", Problems: []string{brokenJSON}},
		{Detection: "Engine Error", Test: "true positive", File: "detections/cloud/engine_error.yml", Status: runner.Error,
			Message: "search failed: eval: division by zero", Problems: []string{brokenJSON}},
		{Detection: "Clean Pass", Test: "true positive", File: "detections/endpoint/clean_pass.yml", Status: runner.Pass,
			Message: "2 result(s)", ResultCount: 2},
	}
	rep := &runner.Report{Results: results}
	for _, t := range results {
		rep.Summary.Add(t.Status)
	}
	return rep
}

type lostCase struct {
	Name   string `xml:"name,attr"`
	Failed *struct {
		Message string `xml:"message,attr"`
		Body    string `xml:",chardata"`
	} `xml:"failure"`
	Errored *struct {
		Message string `xml:"message,attr"`
		Body    string `xml:",chardata"`
	} `xml:"error"`
	SystemErr *string `xml:"system-err"`
}

func junitCases(t *testing.T, rep *runner.Report) (map[string]lostCase, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := JUnit(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Suites []struct {
			Cases []lostCase `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	cases := map[string]lostCase{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			cases[c.Name] = c
		}
	}
	return cases, buf.Bytes()
}

// Every test whose datasets lost records says so in its testcase: in
// system-err for every verdict (Jenkins shows it for passes), and for a
// failure or error also in the message and body, the only parts GitHub's
// annotations and GitLab's test report show.
func TestJUnitShowsLostInput(t *testing.T) {
	cases, doc := junitCases(t, lostInputReport())
	rows := []struct {
		name      string
		countLine string // "" : no lost input to show
		first     string // the first problem, with its file and offset
		inMessage bool   // failure/error: the message attribute says it too
		why       string
	}{
		{"Cut Archive: true positive", "input lost: 1 problem", truncatedGz, true,
			"the user's case: a test failing on 'no events' must name the truncated archive"},
		{"Partial Pass: true positive", "input lost: 3 problems", brokenJSON, false,
			"a pass on part of the input is shown too; the count is of all problems, the first is listed first"},
		{"Quiet Benign: benign data", "input lost: 1 problem", brokenJSON, false,
			"an expected 'no result' on lost input may not hold on the whole file"},
		{"Engine Error: true positive", "input lost: 1 problem", brokenJSON, true,
			"an error's element is shown like a failure's"},
		{"Clean Pass: true positive", "", "", false,
			"a test that read its data whole gets no system-err"},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			c, ok := cases[r.name]
			if !ok {
				t.Fatalf("no testcase %q", r.name)
			}
			if r.countLine == "" {
				if c.SystemErr != nil {
					t.Errorf("system-err %q on a test that lost nothing (%s)", *c.SystemErr, r.why)
				}
				return
			}
			if c.SystemErr == nil || !strings.HasPrefix(*c.SystemErr, r.countLine) ||
				!strings.Contains(*c.SystemErr, "input lost: "+r.first+"\n") {
				t.Errorf("system-err %v lacks %q and %q (%s)", c.SystemErr, r.countLine, r.first, r.why)
			}
			msg := c.Failed
			if msg == nil {
				msg = c.Errored
			}
			switch {
			case r.inMessage && msg == nil:
				t.Fatalf("no failure or error element (%s)", r.why)
			case r.inMessage:
				if !strings.Contains(msg.Message, r.countLine+" while reading the datasets, the first: "+r.first) {
					t.Errorf("message %q lacks the lost input (%s)", msg.Message, r.why)
				}
				if !strings.HasPrefix(msg.Body, r.countLine) || !strings.Contains(msg.Body, r.first) {
					t.Errorf("body %q does not open with the lost input (%s)", msg.Body, r.why)
				}
			case msg != nil:
				t.Errorf("a %s test has a failure/error element", r.name)
			}
		})
	}
	if err := validateJUnit(t, doc); err != nil {
		t.Fatalf("JUnit with system-err breaks junit-10.xsd:\n%v\n%s", err, doc)
	}
}

// The failure message keeps the runner's message first, as before.
func TestJUnitLostInputKeepsTheMessage(t *testing.T) {
	cases, _ := junitCases(t, lostInputReport())
	c := cases["Cut Archive: true positive"]
	want := lostInputReport().Results[0].Message + "; input lost: 1 problem while reading the datasets, the first: " + truncatedGz
	if c.Failed == nil || c.Failed.Message != want {
		t.Errorf("message %+v\nwant %q", c.Failed, want)
	}
}

// A file of broken lines can have thousands of problems: JUnit lists the
// first junitMaxProblems and says how many more the JSON report has.
func TestJUnitCapsTheProblemsListed(t *testing.T) {
	rep := lostInputReport()
	rep.Results = rep.Results[:1]
	var many []string
	for i := 1; i <= junitMaxProblems+5; i++ {
		many = append(many, fmt.Sprintf("data/y.json: record %d: offset %d: unexpected end of JSON input", i, i*100))
	}
	rep.Results[0].Problems = many
	cases, _ := junitCases(t, rep)
	c := cases["Cut Archive: true positive"]
	if c.SystemErr == nil {
		t.Fatal("no system-err")
	}
	got := *c.SystemErr
	for _, want := range []string{
		"input lost: 25 problems",
		fmt.Sprintf("record %d: offset %d", junitMaxProblems, junitMaxProblems*100),
		"… 5 more in the JSON report (problems)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("system-err lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, fmt.Sprintf("record %d:", junitMaxProblems+1)) {
		t.Errorf("system-err lists past the cap:\n%s", got)
	}
}

// section is the Markdown from the heading holding title to the next
// heading of level 3 or 4 (or the collapsed list).
func section(md, title string) string {
	i := strings.Index(md, title)
	if i < 0 {
		return ""
	}
	rest := md[i+len(title):]
	end := len(rest)
	for _, next := range []string{"\n#### ", "\n### ", "\n<details><summary>All"} {
		if j := strings.Index(rest, next); j >= 0 && j < end {
			end = j
		}
	}
	return rest[:end]
}

// Each test that lost input says so in its Markdown entry: a failure in
// its own section, a test that did not fail in a section of its own (it is
// otherwise only a row of the collapsed list), and its row of that list.
func TestMarkdownShowsLostInput(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, lostInputReport()); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	rows := []struct {
		heading string // the test's entry
		want    string // "" : the entry must not mention lost input
		row     string // its row in the collapsed list starts so
		why     string
	}{
		{"#### ❌ Cut Archive — true positive",
			"- ⚠️ **input lost:** 1 problem while reading the datasets, the first: `" + truncatedGz + "`",
			"| ❌ fail | Cut Archive |", "the failure on 'no events' names the truncated archive, file and offset"},
		{"#### ✅ Partial Pass — true positive",
			"- ⚠️ **input lost:** 3 problems while reading the datasets, the first: `" + brokenJSON + "`",
			"| ✅ pass | Partial Pass |", "a pass is listed under lost input with the count and the first problem"},
		{"#### ✅ Quiet Benign — benign data",
			"- ⚠️ **input lost:** 1 problem",
			"| ✅ pass | Quiet Benign |", "an expected 'no result' on lost input is listed"},
		{"#### 💥 Engine Error — true positive",
			"- ⚠️ **input lost:** 1 problem while reading the datasets, the first: `" + brokenJSON + "`",
			"| 💥 error | Engine Error |", "an error is a failure entry with its lost input"},
		{"", "", "| ✅ pass | Clean Pass |", "a test that read its data whole is not flagged"},
	}
	for _, r := range rows {
		if r.heading != "" {
			if s := section(md, r.heading); !strings.Contains(s, r.want) {
				t.Errorf("%s: entry lacks %q (%s):\n%s", r.heading, r.want, r.why, s)
			}
		}
		var row string
		for _, l := range strings.Split(md, "\n") {
			if strings.HasPrefix(l, r.row) {
				row = l
			}
		}
		if flagged := strings.Contains(row, "⚠️ input lost"); flagged != (r.heading != "") {
			t.Errorf("row %q: flagged %v (%s)", row, flagged, r.why)
		}
	}
	if strings.Contains(md, "#### ✅ Clean Pass") {
		t.Error("a test that lost nothing has an entry")
	}
	if !strings.Contains(md, "- ⚠️ **input lost:** 4 test(s) read datasets with 6 problems while reading them") {
		t.Errorf("no lost-input tally:\n%s", md)
	}
	// The failing test is under Failures, not listed twice.
	if strings.Count(md, "Cut Archive — true positive") != 1 {
		t.Errorf("the failure is listed more or less than once:\n%s", md)
	}
	if f, l := strings.Index(md, "### Failures"), strings.Index(md, "### Input lost in tests that did not fail"); f < 0 || l < f {
		t.Errorf("failures (%d) do not come before the other lost input (%d)", f, l)
	}
}

// A problem quotes record text: a backtick, a newline or markup in it must
// not break the entry out of its code span.
func TestMarkdownLostInputIsEscaped(t *testing.T) {
	rep := lostInputReport()
	rep.Results[0].Problems = []string{"data/z.json: record 3: offset 9: bad `<script>` line\nsecond line"}
	var buf bytes.Buffer
	if err := Markdown(&buf, rep); err != nil {
		t.Fatal(err)
	}
	want := "the first: `data/z.json: record 3: offset 9: bad '<script>' line second line`\n"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("want %q in:\n%s", want, buf.String())
	}
}

// The Markdown summary carries the tallies the console prints, so the one
// line a reviewer of a run of 1,430 errors needs is in the step summary.
func TestMarkdownCarriesTheConsoleTallies(t *testing.T) {
	errs := func(n int, msg string) []runner.TestResult {
		var out []runner.TestResult
		for i := 0; i < n; i++ {
			out = append(out, runner.TestResult{Status: runner.Error, Message: fmt.Sprintf(msg, i)})
		}
		return out
	}
	skips := []runner.TestResult{
		{Status: runner.Skip, Message: `status "experimental": only production detections are tested`},
		{Status: runner.Skip, Message: "manual_test: needs a domain controller"},
	}
	cases := []struct {
		name    string
		results []runner.TestResult
		compile runner.CompileStats
		want    []string // lines of the summary
		absent  []string
		why     string
	}{
		{"a full tree whose datasets are missing", errs(1430, "dataset file missing: d%d.log (from d.log), detections/x.yml:52:5"), runner.CompileStats{},
			[]string{"- **errors by reason:** dataset file missing (1430)"}, nil,
			"the console's 'errors by reason: dataset file missing (1430)'"},
		{"one error is read on its own", errs(1, "dataset file missing: d%d.log"), runner.CompileStats{},
			nil, []string{"errors by reason"}, "as on the console, one error has no tally"},
		{"skips by reason, escaped", skips, runner.CompileStats{},
			[]string{`- **skipped by reason:** manual\_test (1), status &#34;experimental&#34; (1)`}, []string{"errors by reason"},
			"the console's 'skipped by reason', in Markdown-safe text"},
		{"the compile tally", nil, runner.CompileStats{Detections: 3, Compiled: 1, Unsupported: 1, Invalid: 1,
			Missing: map[string]int{"command mstats": 1, "parse: unclosed '('": 1}},
			[]string{"- **searches:** 3 detections, 1 compiled, 1 unsupported, 1 invalid",
				"- **top missing pieces:** command mstats (1)", "- **invalid searches:** parse: unclosed &#39;(&#39; (1)"}, nil,
			"the console's searches / top missing pieces / invalid searches lines"},
		{"a clean run", []runner.TestResult{{Status: runner.Pass, Message: "1 result(s)"}}, runner.CompileStats{},
			nil, []string{"by reason", "input lost", "- **"}, "nothing to tally, no list"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := &runner.Report{Results: c.results, Compile: c.compile}
			for _, r := range c.results {
				rep.Summary.Add(r.Status)
			}
			var buf bytes.Buffer
			if err := Markdown(&buf, rep); err != nil {
				t.Fatal(err)
			}
			md := buf.String()
			lines := map[string]bool{}
			for _, l := range strings.Split(md, "\n") {
				lines[l] = true
			}
			for _, w := range c.want {
				if !lines[w] {
					t.Errorf("no line %q (%s):\n%s", w, c.why, md)
				}
			}
			for _, a := range c.absent {
				if strings.Contains(md, a) {
					t.Errorf("%q present (%s):\n%s", a, c.why, md)
				}
			}
			// Whatever tally line the console prints, the summary has it.
			var con bytes.Buffer
			Console(&con, rep, ConsoleOptions{Quiet: true})
			for _, l := range strings.Split(con.String(), "\n") {
				label, text, ok := strings.Cut(l, ": ")
				if !ok || !strings.Contains(label, "by reason") && label != "top missing pieces" && label != "invalid searches" {
					continue
				}
				if want := "- **" + label + ":** " + mdText(text); !lines[want] {
					t.Errorf("console line %q is not in the summary as %q:\n%s", l, want, md)
				}
			}
		})
	}
}

// Lost input in thousands of tests must keep the summary under GitHub's
// 1 MiB: each problem shown is clipped and the lists are capped.
func TestMarkdownLostInputStaysUnderTheStepSummaryLimit(t *testing.T) {
	long := "data/x.log.gz: offset 1: " + strings.Repeat("y", 20000)
	rep := &runner.Report{}
	for i := 0; i < 5000; i++ {
		st := runner.Pass
		if i%2 == 0 {
			st = runner.Fail
		}
		r := runner.TestResult{Detection: fmt.Sprintf("Detection %04d", i), Test: "t", Status: st, Message: "m",
			Problems: []string{long, long}}
		rep.Results = append(rep.Results, r)
		rep.Summary.Add(st)
	}
	var buf bytes.Buffer
	if err := Markdown(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if n := buf.Len(); n > 1<<20 {
		t.Fatalf("summary is %d bytes, over GitHub's 1 MiB", n)
	}
	for _, want := range []string{"_… more tests that lost input are in the JUnit/JSON reports._", "5000 test(s) read datasets with 10000 problems while reading them"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("summary lacks %q", want)
		}
	}
}
