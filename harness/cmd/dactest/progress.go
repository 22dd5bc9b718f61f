package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dactest/dactest/harness/runner"
)

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Plain (non-terminal) progress lines: at least plainMinGap apart, and then
// only after plainEvery or another tenth of the tests, so CI logs show the
// run is alive without a line per test. A run shorter than plainMinGap
// prints none.
const (
	plainMinGap = time.Second
	plainEvery  = 5 * time.Second
)

// liveGap is the least time between two redraws of the live line: a
// survey finishes 15,000 tests a second, and a redraw per test wrote
// megabytes of escape codes to the terminal for a line no one can read
// that fast.
const liveGap = 100 * time.Millisecond

// progress reports a run as its tests finish; runner.Run serialises calls.
type progress struct {
	w       io.Writer
	mode    progressMode
	now     func() time.Time
	start   time.Time
	last    time.Time // when the last plain line (or live redraw) was printed
	lastPct int       // tenths of the run done at the last plain line
	counts  runner.Summary
}

type progressMode int

const (
	progressLive    progressMode = iota // one redrawn line on a terminal
	progressPlain                       // occasional lines in a log
	progressVerbose                     // a line per finished test
)

// newProgress picks the reporter for w; nil when progress is off.
func newProgress(w io.Writer, off, verbose bool) func(done, total int, r *runner.TestResult) {
	mode := progressPlain
	switch {
	case verbose:
		mode = progressVerbose
	case off:
		return nil
	case isTerminal(w):
		mode = progressLive
	}
	p := &progress{w: w, mode: mode, now: time.Now}
	p.start = p.now()
	p.last = p.start
	return p.update
}

func (p *progress) update(done, total int, r *runner.TestResult) {
	now := p.now()
	p.counts.Add(r.Status)
	switch p.mode {
	case progressVerbose:
		fmt.Fprintf(p.w, "[%*d/%d] %-11s %s — %s (%s)\n", digits(total), done, total,
			progressWords[r.Status], r.Detection, r.Test, r.Duration.Round(time.Millisecond))
	case progressLive:
		if done == total {
			fmt.Fprint(p.w, "\r\033[K")
		} else if done == 1 || now.Sub(p.last) >= liveGap {
			fmt.Fprintf(p.w, "\r\033[K%s  %s", p.status(done, total, now), clip(r.Detection, 40))
			p.last = now
		}
	case progressPlain:
		pct := done * 10 / max(total, 1)
		gap := now.Sub(p.last)
		if done < total && gap >= plainMinGap && (gap >= plainEvery || pct > p.lastPct) {
			fmt.Fprintf(p.w, "dactest: %s, %s elapsed\n", p.status(done, total, now), now.Sub(p.start).Round(time.Second))
			p.last, p.lastPct = now, pct
		}
	}
}

// status is "[done/total] P passed, F failed, O other, R tests/s".
func (p *progress) status(done, total int, now time.Time) string {
	other := p.counts.Total - p.counts.Pass - p.counts.Fail
	rate := 0.0
	if secs := now.Sub(p.start).Seconds(); secs > 0 {
		rate = float64(done) / secs
	}
	return fmt.Sprintf("[%d/%d] %d passed, %d failed, %d other, %.1f tests/s",
		done, total, p.counts.Pass, p.counts.Fail, other, rate)
}

var progressWords = map[runner.Status]string{
	runner.Pass: "PASS", runner.Fail: "FAIL", runner.Skip: "SKIP",
	runner.Error: "ERROR", runner.Unsupported: "UNSUPPORTED",
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func digits(n int) int { return len(fmt.Sprint(n)) }
