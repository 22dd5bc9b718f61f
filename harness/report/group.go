package report

import (
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/explain"
	"github.com/dactest/dactest/harness/runner"
)

// sourceCategory is the folder a detection file sits in (endpoint, cloud,
// ...), what contentctl reports as source_category.
func sourceCategory(file string) string {
	return path.Base(path.Dir(filepath.ToSlash(file)))
}

// statusRank orders verdicts worst first, so failures lead every report.
var statusRank = map[runner.Status]int{
	runner.Fail: 0, runner.Error: 1, runner.Unsupported: 2, runner.Skip: 3, runner.Pass: 4,
}

// worstFirst returns the results sorted by verdict (failures first), then
// detection name and test, leaving the report untouched.
func worstFirst(results []runner.TestResult) []runner.TestResult {
	out := append([]runner.TestResult(nil), results...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if statusRank[a.Status] != statusRank[b.Status] {
			return statusRank[a.Status] < statusRank[b.Status]
		}
		if a.Detection != b.Detection {
			return a.Detection < b.Detection
		}
		return a.Test < b.Test
	})
	return out
}

// failed reports whether a verdict is one CI must act on.
func failed(st runner.Status) bool {
	return st == runner.Fail || st == runner.Error || st == runner.Unsupported
}

// explanationText is the explain package's account of where a test's
// events were dropped, or "" when the test has none.
func explanationText(t runner.TestResult) string {
	if t.Explanation == nil {
		return ""
	}
	var b strings.Builder
	explain.Text(&b, t.Explanation)
	return b.String()
}
