package runner_test

import (
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/runner"
)

func result(file, test string, st runner.Status) runner.TestResult {
	return runner.TestResult{File: file, Test: test, Status: st, Detection: file}
}

func TestMergeRecountsAndOrdersResults(t *testing.T) {
	a := &runner.Report{Duration: 2 * time.Second, Results: []runner.TestResult{
		result("b.yml", "t1", runner.Pass), result("a.yml", "t2", runner.Fail),
	}}
	b := &runner.Report{Duration: 3 * time.Second, Results: []runner.TestResult{
		result("a.yml", "t1", runner.Skip), result("c.yml", "t1", runner.Error),
	}}
	got, err := runner.Merge([]*runner.Report{a, b}, []string{"a.json", "b.json"})
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
}

func TestMergeRefusesOverlapAndMixedContent(t *testing.T) {
	one := &runner.Report{Results: []runner.TestResult{result("a.yml", "t1", runner.Pass)}}
	_, err := runner.Merge([]*runner.Report{one, one}, []string{"x.json", "y.json"})
	if err == nil || !strings.Contains(err.Error(), "x.json and y.json both ran") {
		t.Errorf("overlap: got %v", err)
	}
	tallyA := &runner.Report{Compile: runner.CompileStats{Detections: 6, Compiled: 6}}
	tallyB := &runner.Report{Compile: runner.CompileStats{Detections: 1613, Compiled: 1400}}
	_, err = runner.Merge([]*runner.Report{tallyA, tallyB}, []string{"x.json", "y.json"})
	if err == nil || !strings.Contains(err.Error(), "different content") {
		t.Errorf("mixed content: got %v", err)
	}
	same := &runner.Report{Compile: runner.CompileStats{Detections: 6, Compiled: 6, Missing: map[string]int{}}}
	got, err := runner.Merge([]*runner.Report{tallyA, same, {}}, []string{"x", "y", "z"})
	if err != nil || got.Compile.Detections != 6 {
		t.Errorf("equal tallies (and a manifest shard with none) merge: %+v, %v", got.Compile, err)
	}
}
