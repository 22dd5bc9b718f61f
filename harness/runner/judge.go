package runner

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/internal/suggest"
)

// judge applies contentctl's unit-test rules to a search's results: the
// search must return at least one row (or exactly the expected count); for
// rba: content every risk-object field must be non-null in every row, and a
// threat-object field non-null in at least one row; for the 2024 vintage
// (tags.observable), contentctl 4.x's own rule (observables.go). A missing
// field and the string "null" (what tstats fillnull_value=null writes)
// both count as null here.
func judge(j Job, out *engine.Result) (Status, string) {
	n := len(out.Table.Rows)
	if j.Expect.Results != nil && n != *j.Expect.Results {
		return Fail, fmt.Sprintf("expected exactly %d result(s), got %d%s", *j.Expect.Results, n, whereDropped(out, n))
	}
	if r := j.Expect.Range; r != nil && !r.Holds(n) {
		return Fail, fmt.Sprintf("expected %s result(s), got %d%s", r, n, whereDropped(out, n))
	}
	if !j.Expect.Fires {
		if n == 0 {
			return Pass, "no result, as expected"
		}
		if j.Expect.Range == nil { // {max: N} allows rows; a negative test does not
			return Fail, fmt.Sprintf("negative test: expected no result, got %d", n)
		}
	}
	if n == 0 {
		return Fail, "no result" + whereDropped(out, n)
	}
	if msg := checkRiskFields(j.Detection.Risk, out.Table.Rows); msg != "" {
		return Fail, msg
	}
	return Pass, fmt.Sprintf("%d result(s)", n)
}

func checkRiskFields(risk content.Risk, rows []event.Row) string {
	if risk.Vintage == "tags" {
		return checkObservables(risk, rows)
	}
	var problems []string
	for _, ro := range risk.RiskObjects {
		if missing := countNull(rows, ro.Field); missing > 0 {
			problems = append(problems, fmt.Sprintf("risk object field %q is null in %d of %d result(s)%s", ro.Field, missing, len(rows), absentField(rows, ro.Field)))
		}
	}
	for _, to := range risk.ThreatObjects {
		if countNull(rows, to.Field) == len(rows) {
			problems = append(problems, fmt.Sprintf("threat object field %q is null in every result%s", to.Field, absentField(rows, to.Field)))
		}
	}
	return strings.Join(problems, "; ")
}

func countNull(rows []event.Row, field string) int {
	n := 0
	for _, r := range rows {
		v := r.Get(field)
		if v.Null() || (len(v) == 1 && v[0] == "null") {
			n++
		}
	}
	return n
}

// absentField says, for a risk or threat object field no result has at
// all, which fields the results do have: the search does not output it (a
// by-clause or table that drops it, a rename), the commonest cause, and
// the nearest name when one is close (a typo: proces_name). "" when some
// result has the field.
func absentField(rows []event.Row, field string) string {
	seen := map[string]bool{}
	for _, r := range rows {
		if _, ok := r[field]; ok {
			return ""
		}
		for name := range r {
			seen[name] = true
		}
	}
	var names []string
	for name := range seen {
		if !strings.HasPrefix(name, "_") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if near := suggest.Nearest(field, names); near != "" {
		return fmt.Sprintf(": the search does not output it (did you mean %q?)", near)
	}
	if len(names) > 10 {
		names = append(names[:10], "…")
	}
	return fmt.Sprintf(": the search does not output it (its results have %s)", strings.Join(names, ", "))
}

// whereDropped names the first stage that left no row, so "no result"
// says why: the base search matched nothing, or a later filter dropped it.
func whereDropped(out *engine.Result, n int) string {
	if n > 0 || len(out.Stages) == 0 {
		return ""
	}
	var trail []string
	for _, s := range out.Stages {
		trail = append(trail, fmt.Sprintf("%s %d→%d", s.Command, s.In, s.Out))
		if s.Out == 0 {
			return fmt.Sprintf(" (rows per stage: %s: nothing left after `%s`)", strings.Join(trail, ", "), s.Command)
		}
	}
	return " (rows per stage: " + strings.Join(trail, ", ") + ")"
}
