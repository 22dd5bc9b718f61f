package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/dactest/dactest/harness/runner"
)

// ConsoleOptions tune the console report.
type ConsoleOptions struct {
	Verbose bool // also list skipped tests (passing ones are listed unless Quiet)
	Quiet   bool // only the summary and the failures
	// Skips lists skipped tests with their reason unless Quiet: for a run
	// of named detection files, whose author wants to know why a test of
	// theirs did not run (a new detection is often experimental).
	Skips bool
}

var statusLabel = map[runner.Status]string{
	runner.Pass: "PASS", runner.Fail: "FAIL", runner.Skip: "SKIP",
	runner.Error: "ERROR", runner.Unsupported: "UNSUPPORTED",
}

// consoleMaxProblems is how many of a test's dataset problems a line of
// the console lists: a file of broken records can have thousands, and
// every test that reads it would repeat them.
const consoleMaxProblems = 5

// Console writes one line per test (failures first in quiet mode), the
// compile tally when the run covered a whole tree, and a summary.
func Console(w io.Writer, rep *runner.Report, opts ConsoleOptions) {
	for _, t := range rep.Results {
		if !shown(t.Status, opts) {
			continue
		}
		// one line per test, whatever the names hold: CI greps ^FAIL
		fmt.Fprintf(w, "%-11s %s — %s", statusLabel[t.Status], oneLine(t.Detection), oneLine(t.Test))
		if t.Message != "" {
			fmt.Fprintf(w, ": %s", oneLine(t.Message))
		}
		fmt.Fprintf(w, "  [%s]\n", t.File)
		for i, p := range t.Problems {
			if i == consoleMaxProblems && !opts.Verbose {
				fmt.Fprintf(w, "            input lost: … %d more (--verbose, or the JSON report's problems)\n", len(t.Problems)-i)
				break
			}
			fmt.Fprintf(w, "            input lost: %s\n", p)
		}
		for _, d := range t.DataWarnings {
			fmt.Fprintf(w, "            data: %s\n", d)
		}
		for _, sw := range t.SearchWarnings {
			fmt.Fprintf(w, "            search warning: %s\n", sw)
		}
	}
	for _, v := range rep.Validation {
		fmt.Fprintf(w, "INVALID     %s: %s: %s\n", v.Position(), v.Check, oneLine(v.Message))
	}
	CompileTally(w, rep.Compile)
	ErrorReasons(w, rep.Results)
	SkipReasons(w, rep.Results)
	s := rep.Summary
	fmt.Fprintf(w, "\n%d tests: %d passed, %d failed, %d errors, %d unsupported, %d skipped (%s)\n",
		s.Total, s.Pass, s.Fail, s.Error, s.Unsupported, s.Skip, rep.Duration.Round(1e6))
	if s.Validation > 0 {
		fmt.Fprintf(w, "FAIL        %d validation error(s) in the tested detections and the files they use (dactest validate)\n", s.Validation)
	}
	if note := PartialNote(rep); note != "" {
		fmt.Fprintln(w, note)
	}
}

// PartialNote says, for a merge made without some shards, which are
// missing, so the counts are not read as the whole run's; "" otherwise.
func PartialNote(rep *runner.Report) string {
	if !rep.Summary.Partial || rep.Run == nil {
		return ""
	}
	var ks []string
	for _, k := range rep.Run.MissingShards {
		ks = append(ks, fmt.Sprint(k))
	}
	return fmt.Sprintf("PARTIAL: shard(s) %s missing; %d of the run's %d tests were merged", strings.Join(ks, ", "), rep.Summary.Total, rep.Run.PlannedTests)
}

func shown(st runner.Status, opts ConsoleOptions) bool {
	switch {
	case opts.Verbose:
		return true
	case opts.Quiet:
		return st == runner.Fail || st == runner.Error || st == runner.Unsupported
	}
	return st != runner.Skip || opts.Skips
}
