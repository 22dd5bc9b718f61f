package runner

import (
	"fmt"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/event"
)

// checkObservables is contentctl 4.x's unit-test rule for the 2024 vintage
// (tags.observable, ESCU 4.x), read from its DetectionTestingInfrastructure:
// every observable, whatever its role, is required; the results are read
// in order, and the test passes at the first row that has them all with
// values other than "null". A row without one of them (Splunk's JSON
// results leave a null field out) ends the test as an error; if every
// row has some "null", it fails naming them. "" when it passes.
func checkObservables(risk content.Risk, rows []event.Row) string {
	fields := observableFields(risk)
	empty := map[string]bool{}
	for i, r := range rows {
		var missing, nulls []string
		for _, f := range fields {
			switch v := r.Get(f); {
			case v.Null():
				missing = append(missing, f)
			case len(v) == 1 && v[0] == "null":
				nulls = append(nulls, f)
			}
		}
		if len(missing) > 0 {
			return fmt.Sprintf("observable field(s) %s missing from result %d of %d (contentctl reads the results in order and stops at the first that lacks one)%s",
				strings.Join(missing, ", "), i+1, len(rows), absentField(rows, missing[0]))
		}
		if len(nulls) == 0 {
			return ""
		}
		for _, f := range nulls {
			empty[f] = true
		}
	}
	return fmt.Sprintf("observable field(s) %s contained \"null\" in every result that had them all", strings.Join(sortedKeys(empty), ", "))
}

// observableFields lists every observable's field once: contentctl 4.x
// turned each into a risk or a threat object, and requires all alike.
func observableFields(risk content.Risk) []string {
	seen := map[string]bool{}
	var out []string
	add := func(f string) {
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, o := range risk.RiskObjects {
		add(o.Field)
	}
	for _, o := range risk.ThreatObjects {
		add(o.Field)
	}
	return out
}
