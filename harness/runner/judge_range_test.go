package runner

import (
	"testing"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
)

func TestJudgeRange(t *testing.T) {
	one, three := 1, 3
	rows := func(n int) *engine.Result {
		out := &engine.Result{}
		for i := 0; i < n; i++ {
			out.Table.Rows = append(out.Table.Rows, event.Row{"dest": event.Single("h")})
		}
		return out
	}
	cases := []struct {
		name string
		rng  content.Range
		n    int
		want Status
	}{
		{"inside", content.Range{Min: &one, Max: &three}, 2, Pass},
		{"on the bounds", content.Range{Min: &one, Max: &three}, 3, Pass},
		{"below", content.Range{Min: &three}, 2, Fail},
		{"above", content.Range{Max: &one}, 2, Fail},
		{"zero allowed by an open minimum", content.Range{Max: &one}, 0, Pass},
		{"rows under an open minimum's maximum", content.Range{Max: &three}, 2, Pass},
		{"zero below a minimum", content.Range{Min: &one}, 0, Fail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := c.rng
			j := Job{Detection: &content.Detection{}, Expect: expectation(nil, &rng)}
			if got, msg := judge(j, rows(c.n)); got != c.want {
				t.Errorf("%d rows, range %s: %s (%s), want %s", c.n, rng, got, msg, c.want)
			}
		})
	}
}
