package report

import (
	"fmt"
	"strings"

	"github.com/dactest/dactest/harness/runner"
)

// detail is the long text attached to a failing test: where rows were
// dropped, and the first rows when there were some.
func detail(t runner.TestResult) string {
	var b strings.Builder
	if len(t.Datasets) > 0 {
		fmt.Fprintf(&b, "datasets: %s\n", strings.Join(t.Datasets, ", "))
	}
	for _, s := range t.Stages {
		fmt.Fprintf(&b, "  %-12s %6d -> %d\n", s.Command, s.In, s.Out)
	}
	for i, r := range t.Rows {
		if i == 5 {
			fmt.Fprintf(&b, "  ... %d more row(s)\n", t.ResultCount-5)
			break
		}
		var cells []string
		for _, c := range t.Columns {
			cells = append(cells, c+"="+r.Get(c).String())
		}
		fmt.Fprintf(&b, "  row %d: %s\n", i+1, strings.Join(cells, " | "))
	}
	return b.String()
}
