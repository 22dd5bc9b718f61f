package report

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/runner"
)

// topN is how many distinct pieces or reasons a tally line names.
const topN = 15

// CompileTally prints how many searches compiled, the pieces the engine
// lacks (unsupported searches) and, apart, what is wrong with the invalid
// ones: a parse error is the author's to fix, not dactest's missing piece.
func CompileTally(w io.Writer, c runner.CompileStats) {
	if c.Detections == 0 {
		return
	}
	fmt.Fprintf(w, "\nsearches: %d detections, %d compiled, %d unsupported, %d invalid\n",
		c.Detections, c.Compiled, c.Unsupported, c.Invalid)
	missing, invalid := compileReasons(c)
	tallyLine(w, "top missing pieces", missing)
	tallyLine(w, "invalid searches", invalid)
}

// invalidPiece tells a problem of an invalid search from a missing piece:
// runner.CompileStats keys the former by kind ("parse: …", "macro: …",
// "invalid: …") and the latter by the piece alone ("command mstats").
func invalidPiece(key string) bool {
	for _, kind := range []string{"parse: ", "macro: ", "invalid: ", "load: "} {
		if strings.HasPrefix(key, kind) {
			return true
		}
	}
	return false
}

// ErrorReasons counts the tests that could not run by reason, so a run of
// 1,430 errors says at once that they are one cause (datasets missing),
// not 1,430 to read.
func ErrorReasons(w io.Writer, results []runner.TestResult) {
	tallyLine(w, "\nerrors by reason", errorReasons(results))
}

// errorReasons counts the errors by reason; nil for fewer than two, as one
// error is read on its own line.
func errorReasons(results []runner.TestResult) map[string]int {
	reasons, n := map[string]int{}, 0
	for _, r := range results {
		if r.Status == runner.Error {
			reasons[errorReason(r.Message)]++
			n++
		}
	}
	if n < 2 {
		return nil
	}
	return reasons
}

// SkipReasons counts the skipped tests by reason (status "experimental",
// manual_test, Correlation…): without it a run's "276 skipped" says
// nothing of why, and skipped tests are not listed by default.
func SkipReasons(w io.Writer, results []runner.TestResult) {
	tallyLine(w, "skipped by reason", skipReasons(results))
}

// skipReasons counts the skipped tests by the reason their message opens with.
func skipReasons(results []runner.TestResult) map[string]int {
	reasons := map[string]int{}
	for _, r := range results {
		if r.Status == runner.Skip {
			reason, _, _ := strings.Cut(r.Message, ": ")
			reasons[reason]++
		}
	}
	return reasons
}

// compileReasons splits the compile tally's problems into the pieces the
// engine lacks and what makes searches invalid.
func compileReasons(c runner.CompileStats) (missing, invalid map[string]int) {
	missing, invalid = map[string]int{}, map[string]int{}
	for k, n := range c.Missing {
		if invalidPiece(k) {
			invalid[k] = n
		} else {
			missing[k] = n
		}
	}
	return missing, invalid
}

// leadingPos is a compiler-style position at the start of a message.
var leadingPos = regexp.MustCompile(`^\S+:\d+:\d+: `)

// errorReason is the kind of an error message: its first ": "-separated
// part that is words, not a bare file name or a manifest case id, e.g.
// "dataset file missing".
func errorReason(msg string) string {
	msg = leadingPos.ReplaceAllString(msg, "")
	for _, part := range strings.Split(msg, ": ") {
		if !strings.Contains(part, " ") || strings.HasPrefix(part, "case ") {
			continue
		}
		return withoutPaths(part)
	}
	return withoutPaths(msg)
}

// withoutPaths replaces each path or URL of a reason with "…", so that
// "download https://…/a.log" and "download https://…/b.log" are one reason.
// filePosition is a file:line:col named without a folder (a manifest in
// the working directory).
var filePosition = regexp.MustCompile(`^\S+\.\w+:\d+:\d+:?,?$`)

func withoutPaths(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if strings.ContainsAny(w, `/\`) || filePosition.MatchString(w) {
			words[i] = "…"
		}
	}
	return strings.Join(words, " ")
}

// tallyLine prints "label: a (3), b (1)", the commonest first, or nothing.
func tallyLine(w io.Writer, label string, counts map[string]int) {
	if len(counts) == 0 {
		return
	}
	fmt.Fprintf(w, "%s: %s\n", label, strings.Join(tallyParts(counts), ", "))
}

// tallyParts is "a (3)", "b (1)": the topN commonest counts, ties by name.
func tallyParts(counts map[string]int) []string {
	type kv struct {
		k string
		n int
	}
	var top []kv
	for k, n := range counts {
		top = append(top, kv{k, n})
	}
	sort.Slice(top, func(i, j int) bool { return top[i].n > top[j].n || top[i].n == top[j].n && top[i].k < top[j].k })
	if len(top) > topN {
		top = top[:topN]
	}
	parts := make([]string, len(top))
	for i, e := range top {
		parts[i] = fmt.Sprintf("%s (%d)", e.k, e.n)
	}
	return parts
}
