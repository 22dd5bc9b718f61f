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
		rows     int
		problems []string
		want     Status
	}{
		{"negative pass, data whole", Expectation{}, Pass, 0, nil, Pass},
		{"negative pass, records lost", Expectation{}, Pass, 0, lost, Error},
		{"exact count pass, records lost", Expectation{Fires: true, Results: &two}, Pass, 2, lost, Error},
		{"upper bound pass, records lost", Expectation{Range: &content.Range{Max: &two}}, Pass, 1, lost, Error},
		{"at least one found, records lost", Expectation{Fires: true}, Pass, 1, lost, Pass},
		{"lower bound found, records lost", Expectation{Fires: true, Range: &content.Range{Min: &two}}, Pass, 3, lost, Pass},
		{"a negative test that fires stays a failure", Expectation{}, Fail, 1, lost, Fail},
		{"too many rows stays a failure", Expectation{Fires: true, Results: &two}, Fail, 3, lost, Fail},
		{"no result on lost records", Expectation{Fires: true}, Fail, 0, lost, Error},
		{"fewer rows than exact on lost records", Expectation{Fires: true, Results: &two}, Fail, 1, lost, Error},
		{"fewer than the minimum on lost records", Expectation{Fires: true, Range: &content.Range{Min: &two}}, Fail, 1, lost, Error},
		{"no result on whole data stays a failure", Expectation{Fires: true}, Fail, 0, nil, Fail},
	}
	for _, c := range cases {
		st, msg := onPartialData(c.expect, c.st, "no result, as expected", c.problems, c.rows)
		if st != c.want {
			t.Errorf("%s: status %s, want %s", c.name, st, c.want)
		}
		if st == Error && !strings.Contains(msg, lost[0]) {
			t.Errorf("%s: message %q does not name the problem", c.name, msg)
		}
	}
}
