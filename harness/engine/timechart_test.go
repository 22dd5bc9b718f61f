package engine

import "testing"

const ticks = `
_time=0; x=1
_time=30; x=3
_time=610; x=5
`

// timechart (Search Reference, "timechart"): one row per span bucket in
// time order; a count over an empty bucket is 0.
func TestTimechartSemantics(t *testing.T) {
	runSemCases(t, []semCase{
		{"count per bucket with empty ones", ticks, `* | timechart span=5m count`, "_time;count\n0;2\n300;0\n600;1"},
		{"avg leaves empty buckets null", ticks, `* | timechart span=5m avg(x) AS a`, "_time;a\n0;2\n300;∅\n600;5"},
		{"limit accepted", ticks, `* | timechart limit=0 span=10m count`, "_time;count\n0;2\n600;1"},
		{"appendpipe adds the buckets", ticks, `* | appendpipe [| timechart span=5m count | table _time] | table _time x`, "_time;x\n610;5\n30;3\n0;1\n0;∅\n300;∅\n600;∅"},
		{"nothing in, nothing out", ticks, `x=9 | timechart span=5m count`, "_time;count"},
		{"split-by unsupported", ticks, `* | timechart span=5m count by x`, "error: timechart by"},
		{"automatic span unsupported", ticks, `* | timechart count`, "error: timechart without span="},
	})
}
