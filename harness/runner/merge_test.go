package runner_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

func result(file, test string, st runner.Status) runner.TestResult {
	return runner.TestResult{File: file, Test: test, Status: st, Detection: file}
}

// shard is a report of shard k/n of a run planning `planned` tests of the
// content `id`.
func shard(id string, planned, k, n int, results ...runner.TestResult) *runner.Report {
	return &runner.Report{Results: results, Run: &runner.RunInfo{ContentID: id, PlannedTests: planned, Shard: &runner.Shard{K: k, N: n}}}
}

func TestMergeRecountsAndOrdersResults(t *testing.T) {
	a := shard("c1", 4, 1, 2, result("b.yml", "t1", runner.Pass), result("a.yml", "t2", runner.Fail))
	a.Duration = 2 * time.Second
	b := shard("c1", 4, 2, 2, result("a.yml", "t1", runner.Skip), result("c.yml", "t1", runner.Error))
	b.Duration = 3 * time.Second
	got, err := runner.Merge([]*runner.Report{a, b}, []string{"a.json", "b.json"}, runner.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := runner.Summary{Total: 4, Pass: 1, Fail: 1, Skip: 1, Error: 1}
	if got.Summary != want {
		t.Errorf("summary %+v, want %+v", got.Summary, want)
	}
	var order []string
	for _, r := range got.Results {
		order = append(order, r.File+"/"+r.Test)
	}
	// By file; within a file the inputs' order (a shard keeps plan order).
	if strings.Join(order, " ") != "a.yml/t2 a.yml/t1 b.yml/t1 c.yml/t1" {
		t.Errorf("order %v", order)
	}
	if got.Duration != 3*time.Second {
		t.Errorf("duration %v, want the longest shard's 3s", got.Duration)
	}
	if got.Run == nil || got.Run.ContentID != "c1" || got.Run.Shard != nil || got.Run.Partial() {
		t.Errorf("merged run %+v: want content c1, no shard, complete", got.Run)
	}
}

func TestMergeRefusesOverlapAndMixedContent(t *testing.T) {
	one := shard("c1", 1, 1, 2, result("a.yml", "t1", runner.Pass))
	two := shard("c1", 1, 2, 2, result("a.yml", "t1", runner.Pass))
	_, err := runner.Merge([]*runner.Report{one, two}, []string{"x.json", "y.json"}, runner.MergeOptions{})
	if err == nil || !strings.Contains(err.Error(), "x.json and y.json both ran") {
		t.Errorf("overlap: got %v", err)
	}
	tallyA := shard("c1", 0, 1, 3)
	tallyA.Compile = runner.CompileStats{Detections: 6, Compiled: 6}
	tallyB := shard("c1", 0, 2, 3)
	tallyB.Compile = runner.CompileStats{Detections: 1613, Compiled: 1400}
	_, err = runner.Merge([]*runner.Report{tallyA, tallyB}, []string{"x.json", "y.json"}, runner.MergeOptions{AllowPartial: true})
	if err == nil || !strings.Contains(err.Error(), "different content") {
		t.Errorf("mixed content: got %v", err)
	}
	same := shard("c1", 0, 2, 3)
	same.Compile = runner.CompileStats{Detections: 6, Compiled: 6, Missing: map[string]int{}}
	got, err := runner.Merge([]*runner.Report{tallyA, same, shard("c1", 0, 3, 3)}, []string{"x", "y", "z"}, runner.MergeOptions{})
	if err != nil || got.Compile.Detections != 6 {
		t.Errorf("equal tallies (and a manifest shard with none) merge: %+v, %v", got.Compile, err)
	}
}

// Shards must be the distinct parts of one run: same content id, same N,
// each K once, none missing unless the merge is allowed to be partial.
func TestMergeChecksRunIdentityAndShards(t *testing.T) {
	r := func(f string) runner.TestResult { return result(f, "t", runner.Pass) }
	cases := []struct {
		name    string
		reports []*runner.Report
		wantErr string
	}{
		{"other content", []*runner.Report{shard("c1", 2, 1, 2, r("a")), shard("c2", 2, 2, 2, r("b"))}, "r1 and r2 come from different runs"},
		{"other planned count", []*runner.Report{shard("c1", 2, 1, 2, r("a")), shard("c1", 3, 2, 2, r("b"))}, "different runs"},
		{"other N", []*runner.Report{shard("c1", 2, 1, 2, r("a")), shard("c1", 2, 2, 3, r("b"))}, "r1 is shard 1/2 but r2 is shard 2/3"},
		{"same shard twice", []*runner.Report{shard("c1", 2, 1, 2, r("a")), shard("c1", 2, 1, 2, r("b"))}, "r1 and r2 are both shard 1/2"},
		{"missing shards", []*runner.Report{shard("c1", 4, 2, 4, r("a"))}, "shard(s) 1, 3, 4 of 4 missing"},
		{"no identity", []*runner.Report{{Results: []runner.TestResult{r("a")}}}, "r1: no run identity"},
		{"edited report", []*runner.Report{shard("c1", 3, 1, 2, r("a")), shard("c1", 3, 2, 2, r("b"))}, "hold 2 tests but their run planned 3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := runner.Merge(c.reports, []string{"r1", "r2"}, runner.MergeOptions{})
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("got %v, want an error with %q", err, c.wantErr)
			}
		})
	}
}

func TestMergeAllowPartialMarksTheRun(t *testing.T) {
	got, err := runner.Merge([]*runner.Report{shard("c1", 5, 2, 3, result("a", "t", runner.Pass))}, []string{"r"}, runner.MergeOptions{AllowPartial: true})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Summary.Partial || !slices.Equal(got.Run.MissingShards, []int{1, 3}) || got.Run.PlannedTests != 5 {
		t.Errorf("summary %+v run %+v: want partial, shards 1 and 3 missing, 5 planned", got.Summary, got.Run)
	}
	_, err = runner.Merge([]*runner.Report{got}, []string{"merged.json"}, runner.MergeOptions{AllowPartial: true})
	if err == nil || !strings.Contains(err.Error(), "itself a partial merge") {
		t.Errorf("a partial merge merged again: %v", err)
	}
}

// The plan identity ignores where the embedded content was unpacked but
// changes with a detection's search.
func TestIdentifyPlan(t *testing.T) {
	jobs := func(dir, search string) []runner.Job {
		c := &runner.Content{Dir: dir}
		return []runner.Job{{Content: c, Detection: detection("A", search), Test: "t",
			Data: []runner.DataRef{{Path: dir + "/datasets/a.log"}}}}
	}
	a := runner.IdentifyPlan(jobs("/tmp/x1", "index=a"))
	if b := runner.IdentifyPlan(jobs("/tmp/x2", "index=a")); a.ContentID != b.ContentID || a.PlannedTests != 1 {
		t.Errorf("same plan in another folder: %+v vs %+v", a, b)
	}
	if c := runner.IdentifyPlan(jobs("/tmp/x1", "index=b")); a.ContentID == c.ContentID {
		t.Errorf("another search, same id %s", a.ContentID)
	}
}

func detection(name, search string) *content.Detection {
	return &content.Detection{Name: name, ID: "id-" + name, File: "detections/" + name + ".yml", Search: search}
}
