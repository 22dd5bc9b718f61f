package explain_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/explain"
	"github.com/dactest/dactest/harness/spl"
)

func ev(kv ...string) event.Row {
	r := event.Row{}
	for i := 0; i < len(kv); i += 2 {
		r[kv[i]] = event.Value{kv[i+1]}
	}
	return r
}

func run(t *testing.T, query string, rows []event.Row) *explain.Explanation {
	t.Helper()
	q, err := spl.Parse(query)
	if err != nil {
		t.Fatal(err)
	}
	p, err := engine.Compile(q, nil)
	if err != nil {
		t.Fatal(err)
	}
	x, err := explain.Run(context.Background(), explain.Input{Query: q, Program: p, Data: engine.NewDataset(rows)})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// brief is one failure as "kind field got→want" for compact tables.
type brief struct{ Kind, Field, Got, Want string }

func briefs(fs []explain.Failure) []brief {
	var out []brief
	for _, f := range fs {
		got := ""
		if len(f.Got) > 0 {
			got = f.Got[0]
		}
		out = append(out, brief{f.Kind, f.Field, got, f.Want})
	}
	return out
}

func TestNearestFailures(t *testing.T) {
	cases := []struct {
		name    string
		query   string
		rows    []event.Row
		counts  [][2]int // in/out per stage
		blocked int
		index   int // input index of the nearest row
		want    []brief
	}{
		{"value differs and missing field", `process_name=certutil.exe process="*-exportPFX*"`,
			[]event.Row{ev("process_name", "hh.exe"), ev("process_name", "hh.exe", "process", "hh.exe -decompile")},
			[][2]int{{2, 0}}, 0, 0,
			[]brief{{explain.ValueDiffers, "process_name", "hh.exe", "certutil.exe"}, {explain.MissingField, "process", "", "*-exportPFX*"}}},
		{"fewest failures is nearest", `a=1 b=2 c=3`,
			[]event.Row{ev("a", "0"), ev("a", "1", "b", "2", "c", "4"), ev("a", "1")},
			[][2]int{{3, 0}}, 0, 1,
			[]brief{{explain.ValueDiffers, "c", "4", "3"}}},
		{"OR is one failure holding every alternative", `(a=1 b=1) OR c=1`,
			[]event.Row{ev("a", "1", "b", "2")},
			[][2]int{{1, 0}}, 0, 0,
			[]brief{{explain.NoAlternative, "", "", ""}}},
		// Row 0 fails e and one leaf of each alternative (3 leaves, cost
		// 2); row 1 fails only the OR, whose cheapest alternative is d=1
		// (4 leaves in all, cost 1): row 1 is nearer.
		{"an OR counts as its cheapest alternative for nearness", `e=1 ((a=1 b=1 c=1) OR d=1)`,
			[]event.Row{ev("e", "2", "a", "1", "b", "1"), ev("e", "1", "d", "2")},
			[][2]int{{2, 0}}, 0, 1,
			[]brief{{explain.NoAlternative, "", "", ""}}},
		{"IN list", `a IN (x, y)`,
			[]event.Row{ev("a", "z")},
			[][2]int{{1, 0}}, 0, 0,
			[]brief{{explain.ValueDiffers, "a", "z", "IN (x, y)"}}},
		{"NOT that matched", `a=1 NOT b=2`,
			[]event.Row{ev("a", "1", "b", "2")},
			[][2]int{{1, 0}}, 0, 0,
			[]brief{{explain.NegationMatch, "", "", ""}}},
		{"bare term", `a=1 mimikatz`,
			[]event.Row{ev("a", "1", "_raw", "hello")},
			[][2]int{{1, 0}}, 0, 0,
			[]brief{{explain.TermAbsent, "_raw", "", "mimikatz"}}},
		{"later search stage", `a=1 | search b=2`,
			[]event.Row{ev("a", "1", "b", "3"), ev("a", "2")},
			[][2]int{{2, 1}, {1, 0}}, 1, 0,
			[]brief{{explain.ValueDiffers, "b", "3", "2"}}},
		{"stats by a null field", `a=1 | stats count by user`,
			[]event.Row{ev("a", "1")},
			[][2]int{{1, 1}, {1, 0}}, 1, 0,
			[]brief{{explain.ByFieldNull, "user", "", ""}}},
		{"where terms each judged", `a=* | where len(a) > 3 AND b == "x"`,
			[]event.Row{ev("a", "abcd", "b", "y")},
			[][2]int{{1, 1}, {1, 0}}, 1, 0,
			[]brief{{explain.WhereFalse, "b", "y", `('b' == "x")`}}},
		{"where over a missing field", `a=* | where b == "x"`,
			[]event.Row{ev("a", "1")},
			[][2]int{{1, 1}, {1, 0}}, 1, 0,
			[]brief{{explain.MissingField, "b", "", `('b' == "x")`}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := run(t, c.query, c.rows)
			var counts [][2]int
			for _, s := range x.Stages {
				counts = append(counts, [2]int{s.In, s.Out})
			}
			if !reflect.DeepEqual(counts, c.counts) {
				t.Fatalf("stage counts %v, want %v", counts, c.counts)
			}
			if x.Blocked == nil || x.Blocked.Stage != c.blocked || len(x.Blocked.Nearest) == 0 {
				t.Fatalf("blocked %+v, want stage %d with nearest rows", x.Blocked, c.blocked)
			}
			near := x.Blocked.Nearest[0]
			if near.Index != c.index {
				t.Errorf("nearest row %d, want %d", near.Index, c.index)
			}
			if got := briefs(near.Failed); !reflect.DeepEqual(got, c.want) {
				t.Errorf("failures\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestFiringPipelineHasNoBlockedStage(t *testing.T) {
	x := run(t, `a=1 | stats count by a`, []event.Row{ev("a", "1")})
	if x.Blocked != nil || len(x.Stages) != 2 || x.Stages[1].Out != 1 {
		t.Fatalf("got %+v", x)
	}
}

func TestEmptyDatasetSaysSo(t *testing.T) {
	x := run(t, `a=1`, nil)
	if x.Blocked == nil || x.Blocked.Note == "" || x.Blocked.Considered != 0 {
		t.Fatalf("got %+v", x.Blocked)
	}
}

func TestNearestKeepsTheFewest(t *testing.T) {
	var rows []event.Row
	for i := 0; i < 10; i++ {
		rows = append(rows, ev("a", "0", "b", "0"))
	}
	rows = append(rows, ev("a", "1", "b", "0"))
	x := run(t, `a=1 b=1`, rows)
	n := x.Blocked.Nearest
	if len(n) != explain.MaxNearest || n[0].Index != 10 || len(n[0].Failed) != 1 || n[1].Index != 0 || n[2].Index != 1 {
		t.Fatalf("got %+v", n)
	}
}

// A Splunk user reading why `Image=... OR OriginalFileName=...` failed
// wants every alternative with the event's values, not one picked by a
// heuristic: the leaves of a failing OR are all listed, in order.
func TestFailingORListsEveryLeafWithItsValues(t *testing.T) {
	x := run(t, `EventCode=1 (process_name=certutil.exe OR OriginalFileName=CertUtil.exe OR (process="*-urlcache*" process="*-f*"))`,
		[]event.Row{ev("EventCode", "1", "process_name", "hh.exe", "process", "hh.exe -decompile")})
	failed := x.Blocked.Nearest[0].Failed
	if len(failed) != 1 || failed[0].Kind != explain.NoAlternative {
		t.Fatalf("failures %+v, want the OR alone", failed)
	}
	var got [][]brief
	for _, alt := range failed[0].Alternatives {
		got = append(got, briefs(alt))
	}
	want := [][]brief{
		{{explain.ValueDiffers, "process_name", "hh.exe", "certutil.exe"}},
		{{explain.MissingField, "OriginalFileName", "", "CertUtil.exe"}},
		{{explain.ValueDiffers, "process", "hh.exe -decompile", "*-urlcache*"}, {explain.ValueDiffers, "process", "hh.exe -decompile", "*-f*"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("alternatives\n got %+v\nwant %+v", got, want)
	}
	var b strings.Builder
	explain.Text(&b, x)
	for _, line := range []string{
		`  - none of the 3 alternatives of process_name=certutil.exe OR OriginalFileName=CertUtil.exe OR (process="*-urlcache*" process="*-f*") holds`,
		`    alternative 1 fails:`,
		`        - process_name=certutil.exe: process_name is "hh.exe", want certutil.exe`,
		`        - OriginalFileName=CertUtil.exe: field OriginalFileName is missing`,
		`        - process="*-f*": process is "hh.exe -decompile", want *-f*`,
	} {
		if !strings.Contains(b.String(), line+"\n") {
			t.Errorf("text lacks %q:\n%s", line, b.String())
		}
	}
	if s := x.Summary(); !strings.Contains(s, `(2) OriginalFileName=CertUtil.exe: field OriginalFileName is missing`) {
		t.Errorf("summary %q lacks the second alternative", s)
	}
}
