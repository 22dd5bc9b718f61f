package report

import (
	"fmt"
	"strings"

	"github.com/dactest/dactest/harness/runner"
)

// junitMaxProblems is how many of a test's dataset problems the JUnit
// report lists; a file of broken JSON lines can have thousands, and the
// JSON report keeps them all.
const junitMaxProblems = 20

// problemsLine is what a test whose datasets lost records (a truncated
// archive, a broken JSON line, a corrupt EVTX chunk) says in the JUnit and
// Markdown reports: how many problems and the first, which names the file
// and the offset. Without it a test that fired on nothing reads only "the
// dataset has no events", with no hint that input was lost. "" when the
// datasets were read whole.
func problemsLine(t runner.TestResult) string {
	n := len(t.Problems)
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("input lost: %s while reading the datasets, the first: %s", plural(n, "problem"), oneLine(t.Problems[0]))
}

// problemsText lists a test's dataset problems, one per line, up to
// junitMaxProblems, for a JUnit failure body or system-err.
func problemsText(t runner.TestResult) string {
	n := len(t.Problems)
	if n == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "input lost: %s while reading the datasets; the verdict saw only the records read:\n", plural(n, "problem"))
	for i, p := range t.Problems {
		if i == junitMaxProblems {
			fmt.Fprintf(&b, "… %d more in the JSON report (problems)\n", n-i)
			break
		}
		fmt.Fprintf(&b, "input lost: %s\n", oneLine(p))
	}
	return b.String()
}

// plural is "1 problem", "3 problems".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// oneLine keeps a message on one line (a record's text may be quoted in it).
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// problemTests counts the tests whose datasets had problems, and the problems.
func problemTests(results []runner.TestResult) (tests, problems int) {
	for _, t := range results {
		if len(t.Problems) > 0 {
			tests++
			problems += len(t.Problems)
		}
	}
	return tests, problems
}
