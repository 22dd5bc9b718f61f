package runner

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/event"
)

// contentctl 4.x's unit test for the 2024 vintage: every observable (any
// role) is required; rows are read in order; the first row with all of
// them, none "null", passes; a row lacking one ends it; all rows with a
// "null" fail.
func TestObservablesRule(t *testing.T) {
	risk := content.Risk{Vintage: "tags",
		RiskObjects:   []content.RiskObject{{Field: "dest", Type: "system"}, {Field: "user", Type: "other"}}, // user: an Attacker observable of a non-threat type
		ThreatObjects: []content.ThreatObject{{Field: "process_name", Type: "process"}}}
	r := func(kv ...string) event.Row {
		row := event.Row{}
		for i := 0; i+1 < len(kv); i += 2 {
			row[kv[i]] = event.Single(kv[i+1])
		}
		return row
	}
	full := r("dest", "h1", "user", "bob", "process_name", "a.exe")
	cases := []struct {
		name string
		rows []event.Row
		want string // "" passes, else a substring of the failure
	}{
		{"the first row complete passes, later nulls unread", []event.Row{full, r("dest", "h2")}, ""},
		{"a field missing from the first row fails", []event.Row{r("dest", "h2", "process_name", "b.exe"), full}, "user missing from result 1 of 2"},
		{"a \"null\" row is read past", []event.Row{r("dest", "h1", "user", "null", "process_name", "a.exe"), full}, ""},
		{"\"null\" in every row fails", []event.Row{r("dest", "h1", "user", "null", "process_name", "a.exe")}, `user contained "null"`},
		{"an Attacker observable is required as well", []event.Row{r("dest", "h1", "user", "bob")}, "process_name missing"},
	}
	for _, c := range cases {
		got := checkRiskFields(risk, c.rows)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
