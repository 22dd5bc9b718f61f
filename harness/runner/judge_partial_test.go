package runner

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
)

// A pass that rests on absence is an error when records were lost; a pass
// on rows found, and every failure, stand.
func TestVerdictOnPartialData(t *testing.T) {
	two := 2
	lost := []string{"d.evtx: offset 135168: chunk 2 is damaged: its records are lost"}
	cases := []struct {
		name     string
		expect   Expectation
		st       Status
		problems []string
		want     Status
	}{
		{"negative pass, data whole", Expectation{}, Pass, nil, Pass},
		{"negative pass, records lost", Expectation{}, Pass, lost, Error},
		{"exact count pass, records lost", Expectation{Fires: true, Results: &two}, Pass, lost, Error},
		{"upper bound pass, records lost", Expectation{Range: &content.Range{Max: &two}}, Pass, lost, Error},
		{"at least one found, records lost", Expectation{Fires: true}, Pass, lost, Pass},
		{"lower bound found, records lost", Expectation{Fires: true, Range: &content.Range{Min: &two}}, Pass, lost, Pass},
		{"a failure stays a failure", Expectation{}, Fail, lost, Fail},
	}
	for _, c := range cases {
		st, msg := onPartialData(c.expect, c.st, "no result, as expected", c.problems)
		if st != c.want {
			t.Errorf("%s: status %s, want %s", c.name, st, c.want)
		}
		if st == Error && !strings.Contains(msg, lost[0]) {
			t.Errorf("%s: message %q does not name the problem", c.name, msg)
		}
	}
}
