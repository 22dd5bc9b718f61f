package ingest

import "testing"

// A problem without a record number (a truncated archive, a skipped
// binary member) must not read "record 0".
func TestProblemText(t *testing.T) {
	for _, c := range []struct {
		p    Problem
		want string
	}{
		{Problem{Path: "a.json", Record: 3, Offset: 120, Msg: "bad JSON"}, "a.json: record 3 (offset 120): bad JSON"},
		{Problem{Path: "a.tar.gz#x.txt", Offset: 9158724, Msg: "archive truncated"}, "a.tar.gz#x.txt: offset 9158724: archive truncated"},
		{Problem{Path: "a.zip#__MACOSX/._x", Msg: "not a log format"}, "a.zip#__MACOSX/._x: not a log format"},
	} {
		if got := c.p.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
