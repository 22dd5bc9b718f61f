package conformance

import "testing"

// A data source that could not be checked is counted apart: its listed
// fields are neither produced nor missing.
func TestSummaryCountsUncheckedApart(t *testing.T) {
	rs := []Result{
		{Name: "a", Listed: 20, Produced: 20},
		{Name: "b", Listed: 10, Produced: 9},
		{Name: "c", Listed: 50, Error: "example_log is empty"},
		{Name: "d"}, // nothing listed: nothing to check
	}
	want := "1 of 2 checkable at >= 95%, 29/30 fields (96.7%), 1 could not be checked"
	if got := summarize(rs); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
