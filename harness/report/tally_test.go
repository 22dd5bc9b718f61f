package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/runner"
)

// The tally names what dactest lacks apart from what the author got wrong:
// a parse error or an undefined macro is not a "missing piece".
func TestCompileTallySeparatesInvalidSearchesFromMissingPieces(t *testing.T) {
	var buf bytes.Buffer
	CompileTally(&buf, runner.CompileStats{Detections: 4, Compiled: 1, Unsupported: 2, Invalid: 2, Missing: map[string]int{
		"command mstats": 2, "lookup asset_lookup_by_str": 1,
		"parse: unclosed '('": 1, "macro: undefined macro `get_asset(1)`": 1,
	}})
	lines := strings.Split(buf.String(), "\n")
	want := []string{
		"top missing pieces: command mstats (2), lookup asset_lookup_by_str (1)",
		"invalid searches: macro: undefined macro `get_asset(1)` (1), parse: unclosed '(' (1)",
	}
	for _, w := range want {
		found := false
		for _, l := range lines {
			found = found || l == w
		}
		if !found {
			t.Errorf("no line %q in:\n%s", w, buf.String())
		}
	}
}

func TestConsoleCountsErrorsByReason(t *testing.T) {
	cases := []struct {
		name     string
		messages []string
		want     string // "" : no line
	}{
		{"datasets missing, however many", []string{
			"dataset file missing: a.log (attack_data keeps datasets in Git LFS: …), d/x.yml:52:5",
			"dataset file missing: b.log (from b.log), d/y.yml:40:5",
			"dataset file missing: c.log (from c.log)",
		}, "errors by reason: dataset file missing (3)"},
		{"a manifest's case and path are not the reason", []string{
			"cases.yml: case typo: detection detections/x.yml not found in .",
			"dataset ../d.log: permission denied",
		}, "errors by reason: dataset … (1), detection … not found in . (1)"},
		{"downloads of different URLs are one reason", []string{
			`download https://media.githubusercontent.com/a.log: Get "https://media.githubusercontent.com/a.log": no such host`,
			`download https://media.githubusercontent.com/b.log: Get "https://media.githubusercontent.com/b.log": no such host`,
		}, "errors by reason: download … (2)"},
		{"a manifest entry's position in the working directory is not the reason", []string{
			"https://example.invalid/a.xml: not in the download cache and downloads are off (--offline), manu.yml:6:5",
			"https://example.invalid/b.xml: not in the download cache and downloads are off (--offline), manu.yml:15:5",
		}, "errors by reason: not in the download cache and downloads are off (--offline), … (2)"},
		{"no error, no line", nil, ""},
		{"one error is read on its own line", []string{"dataset file missing: a.log (from a.log)"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := &runner.Report{Results: []runner.TestResult{{Status: runner.Pass, Message: "x: y"}}}
			for _, m := range c.messages {
				rep.Results = append(rep.Results, runner.TestResult{Status: runner.Error, Message: m})
			}
			var buf bytes.Buffer
			Console(&buf, rep, ConsoleOptions{Quiet: true})
			got := ""
			for _, l := range strings.Split(buf.String(), "\n") {
				if strings.HasPrefix(l, "errors by reason") {
					got = l
				}
			}
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// Skipped tests are not listed by default; the tally says why they were
// skipped, and a run of named files lists them with their reason.
func TestConsoleSaysWhyTestsWereSkipped(t *testing.T) {
	rep := &runner.Report{Results: []runner.TestResult{
		{Status: runner.Skip, Detection: "New One", Test: "True Positive Test", Message: `status "experimental": only production detections are tested`},
		{Status: runner.Skip, Message: `status "experimental": only production detections are tested`},
		{Status: runner.Skip, Message: "manual_test: needs a domain controller"},
		{Status: runner.Pass, Message: "1 result(s)"},
	}}
	var buf bytes.Buffer
	Console(&buf, rep, ConsoleOptions{})
	if !strings.Contains(buf.String(), "skipped by reason: status \"experimental\" (2), manual_test (1)\n") {
		t.Errorf("no skip tally:\n%s", buf.String())
	}
	if strings.Contains(buf.String(), "SKIP") {
		t.Errorf("skips listed without Skips:\n%s", buf.String())
	}
	buf.Reset()
	Console(&buf, rep, ConsoleOptions{Skips: true})
	if !strings.Contains(buf.String(), `SKIP        New One — True Positive Test: status "experimental": only production detections are tested`) {
		t.Errorf("Skips does not list the skipped test with its reason:\n%s", buf.String())
	}
}

// A test's dataset problems are listed up to a few on the console (a file
// of broken records would flood it, once per test that reads it); all of
// them with --verbose.
func TestConsoleCapsProblemLines(t *testing.T) {
	res := runner.TestResult{Status: runner.Error, Detection: "D", Test: "t", Message: "m"}
	for i := 0; i < 8; i++ {
		res.Problems = append(res.Problems, fmt.Sprintf("x.xml: record %d (offset %d): truncated <Event> record", i+1, i*10))
	}
	rep := &runner.Report{Results: []runner.TestResult{res}}
	for verbose, want := range map[bool]int{false: consoleMaxProblems, true: 8} {
		var b strings.Builder
		Console(&b, rep, ConsoleOptions{Verbose: verbose})
		if got := strings.Count(b.String(), "truncated <Event> record"); got != want {
			t.Errorf("verbose %v: %d problem lines, want %d:\n%s", verbose, got, want, b.String())
		}
		if more := strings.Contains(b.String(), "… 3 more"); more == verbose {
			t.Errorf("verbose %v: the '3 more' line is %v", verbose, more)
		}
	}
}

// A line break in a test's name or message does not split its console line.
func TestConsoleOneLinePerTest(t *testing.T) {
	rep := &runner.Report{Results: []runner.TestResult{{Status: runner.Fail, Detection: "D", Test: "TP\nsecond line", Message: "no\r\nresult", File: "d.yml"}}}
	var b strings.Builder
	Console(&b, rep, ConsoleOptions{})
	first := strings.SplitN(b.String(), "\n", 2)[0]
	if !strings.HasPrefix(first, "FAIL") || !strings.Contains(first, "second line") || !strings.Contains(first, "d.yml") {
		t.Errorf("first line %q", first)
	}
}
