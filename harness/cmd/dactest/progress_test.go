package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/runner"
)

// feed runs a progress reporter over total tests finishing at the given
// offsets from the start, with a fake clock.
func progressFeed(mode progressMode, total int, at []time.Duration, statuses []runner.Status) string {
	var buf bytes.Buffer
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := t0
	p := &progress{w: &buf, mode: mode, now: func() time.Time { return now }, start: t0, last: t0}
	for i, off := range at {
		now = t0.Add(off)
		st := runner.Pass
		if statuses != nil {
			st = statuses[i]
		}
		p.update(i+1, total, &runner.TestResult{Detection: "Det", Test: "t", Status: st, Duration: 12 * time.Millisecond})
	}
	return buf.String()
}

func finishTimes(n int, step time.Duration) []time.Duration {
	var out []time.Duration
	for i := 1; i <= n; i++ {
		out = append(out, time.Duration(i)*step)
	}
	return out
}

func TestPlainProgressLines(t *testing.T) {
	tests := []struct {
		name      string
		total     int
		at        []time.Duration
		wantLines int
	}{
		// A run under a second prints nothing: the summary says it all.
		{"fast run", 100, finishTimes(100, 5*time.Millisecond), 0},
		// 100 tests over 50 s: a line per tenth (each >= 1 s apart), none
		// for the last test (the summary follows): 9 lines.
		{"steady run", 100, finishTimes(100, 500*time.Millisecond), 9},
		// 1000 tests over 10 s: tenths come every second: 9 lines, not 1000.
		{"many quick tests", 1000, finishTimes(1000, 10*time.Millisecond), 9},
		// 3 slow tests, 20 s each: every test is a tenth and 5 s apart.
		{"few slow tests", 3, finishTimes(3, 20*time.Second), 2},
		// One test per 6 s among 1000: the 5 s rule keeps the log alive
		// although no tenth is reached.
		{"slow start", 1000, finishTimes(5, 6*time.Second), 5},
	}
	for _, tt := range tests {
		out := progressFeed(progressPlain, tt.total, tt.at, nil)
		if got := strings.Count(out, "\n"); got != tt.wantLines {
			t.Errorf("%s: %d lines, want %d:\n%s", tt.name, got, tt.wantLines, out)
		}
		if strings.Contains(out, "\r") || strings.Contains(out, "\033") {
			t.Errorf("%s: terminal control codes in plain output: %q", tt.name, out)
		}
	}
}

func TestProgressCountsAndRate(t *testing.T) {
	statuses := []runner.Status{runner.Pass, runner.Fail, runner.Skip, runner.Pass}
	out := progressFeed(progressPlain, 4, finishTimes(4, 2*time.Second), statuses)
	// Lines at tests 1..3 (each a tenth, 2 s apart); test 3 is after 6 s.
	want := "dactest: [3/4] 1 passed, 1 failed, 1 other, 0.5 tests/s, 6s elapsed\n"
	if !strings.HasSuffix(out, want) {
		t.Errorf("got\n%s\nwant last line\n%s", out, want)
	}
}

func TestLiveProgressRedrawsOneLineAndClearsIt(t *testing.T) {
	out := progressFeed(progressLive, 2, finishTimes(2, time.Second), []runner.Status{runner.Pass, runner.Fail})
	if strings.Count(out, "\n") != 0 {
		t.Errorf("live progress wrote newlines: %q", out)
	}
	if !strings.Contains(out, "\r\033[K[1/2] 1 passed, 0 failed, 0 other, 1.0 tests/s  Det") {
		t.Errorf("no live line for test 1: %q", out)
	}
	if !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("the line is not cleared at the end: %q", out)
	}
}

func TestLiveProgressRedrawsAtMostTenTimesASecond(t *testing.T) {
	// 3000 tests in 3 s: one redraw per 100 ms (30), not 3000.
	out := progressFeed(progressLive, 3000, finishTimes(3000, time.Millisecond), nil)
	redraws := strings.Count(out, "\r\033[K[")
	if redraws < 25 || redraws > 31 {
		t.Errorf("%d redraws of the live line for 3000 tests in 3 s, want ~30", redraws)
	}
	if !strings.Contains(out, "[1/3000] ") || !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("first test not drawn or line not cleared: %q…%q", out[:60], out[len(out)-20:])
	}
}

func TestVerboseProgressPrintsEveryTest(t *testing.T) {
	out := progressFeed(progressVerbose, 12, finishTimes(12, time.Millisecond), nil)
	if strings.Count(out, "\n") != 12 || !strings.Contains(out, "[ 1/12] PASS        Det — t (12ms)\n") {
		t.Errorf("verbose output:\n%s", out)
	}
}

func TestProgressOff(t *testing.T) {
	if newProgress(&bytes.Buffer{}, true, false) != nil {
		t.Error("--quiet / --no-progress still report progress")
	}
	if newProgress(&bytes.Buffer{}, false, false) == nil {
		t.Error("no plain progress for a log")
	}
}
