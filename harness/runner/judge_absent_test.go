package runner

import (
	"testing"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/event"
)

// A risk or threat object field that no result has means the search does
// not output it: the message says so and what the results have instead
// (or the near name, for a typo), not only "null in 11 of 11".
func TestRiskFieldTheSearchDoesNotOutput(t *testing.T) {
	row := func(kv ...string) event.Row {
		r := event.Row{"_time": event.Value{"1"}}
		for i := 0; i < len(kv); i += 2 {
			r[kv[i]] = event.Value{kv[i+1]}
		}
		return r
	}
	cases := []struct {
		name string
		risk content.Risk
		rows []event.Row
		want string
	}{
		{"absent: the results' fields are listed", content.Risk{RiskObjects: []content.RiskObject{{Field: "user"}}},
			[]event.Row{row("dest", "h1", "count", "2"), row("dest", "h2", "count", "1")},
			`risk object field "user" is null in 2 of 2 result(s): the search does not output it (its results have count, dest)`},
		{"absent, with a near name", content.Risk{ThreatObjects: []content.ThreatObject{{Field: "proces_name"}}},
			[]event.Row{row("dest", "h1", "process_name", "x.exe")},
			`threat object field "proces_name" is null in every result: the search does not output it (did you mean "process_name"?)`},
		{"present but null somewhere: no listing", content.Risk{RiskObjects: []content.RiskObject{{Field: "user"}}},
			[]event.Row{row("user", "alice"), row("user", "null")},
			`risk object field "user" is null in 1 of 2 result(s)`},
	}
	for _, c := range cases {
		if got := checkRiskFields(c.risk, c.rows); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}
