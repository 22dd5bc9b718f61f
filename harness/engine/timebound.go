package engine

import (
	"strconv"
	"strings"
	"time"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// Time modifiers in a search (`earliest=-24h latest=now`) bound _time:
// earliest inclusive, latest exclusive (Search Reference, "Time modifiers").
// Splunk resolves relative times against the moment the search runs. A
// contentctl test replays attack data with update_timestamp, which moves the
// newest event to the replay time, and searches right after; so dactest
// resolves them against the dataset's newest event ("replay now"). A detection's earliest=-24h
// thus keeps the last 24 hours of the dataset, as it would in that test.
//
// One search has one now. In Splunk, now() is the search's start time
// (whole seconds) and time() the clock when evaluated (with microseconds),
// the same moment the time modifiers resolve against, give or take how long
// the search runs. So with Env.Now zero (the runner, `dactest search`),
// now() is the run's replay now in whole seconds and time() the replay now
// with its fraction; relative_time(now(), "-24h") is therefore the same
// bound as earliest=-24h, and `where _time > relative_time(now(), "-24h")`
// keeps the dataset's last day rather than nothing. The replay now belongs
// to the run (its dataset), not to the compiled Program: a Program that
// reads the clock is compiled again per replay now (Program.clock), so one
// Program run on datasets of different years gives each its own now.
// Env.Now, when set, fixes now() and time() to a chosen instant (tests that
// pin their values); time modifiers always follow the data.

// compileTimeBound compiles earliest=/latest= into a node bound at run
// time; the spec is checked now so a bad one is a compile error.
func compileTimeBound(n *spl.SearchCompare, e *errs) *snode {
	key := strings.ToLower(n.Field)
	if n.Op != "=" {
		e.invalid(n.At, "time modifier "+n.Field, "only "+key+"=<time> is allowed")
		return allNode
	}
	if _, ok := resolveTimeSpec(n.Value, 0); !ok {
		e.invalid(n.At, "time modifier "+n.Field, "cannot read the time "+strconv.Quote(n.Value)+" (relative like -24h@h, now, epoch seconds or %m/%d/%Y:%H:%M:%S)")
		return allNode
	}
	return &snode{op: 'T', field: key, spec: n.Value, at: n.At}
}

// bindTime turns the node into a _time condition for this run.
func (n *snode) bindTime(rc *runCtx) *snode {
	bound, _ := resolveTimeSpec(n.spec, rc.now)
	if n.field == "earliest" {
		return leaf(event.Time, func(v event.Value) bool {
			t, ok := v.Number()
			return ok && t >= bound
		})
	}
	// latest is exclusive, but a bound at the replay now or later keeps
	// the newest event: contentctl searches after the replay, so that
	// event lies before the search's now (latest=now keeps every event).
	if bound >= rc.now {
		return leaf(event.Time, func(v event.Value) bool {
			t, ok := v.Number()
			return ok && t <= bound
		})
	}
	return leaf(event.Time, func(v event.Value) bool {
		t, ok := v.Number()
		return ok && t < bound
	})
}

// replayNow is the newest event's time (datasets are ordered newest
// first); fromData is false when no event has a time, and the wall clock
// stands in (no event can then pass a bound on _time, so it changes
// nothing there).
func replayNow(ds *Dataset) (now float64, fromData bool) {
	for _, r := range ds.rows {
		if t, ok := r.Time(); ok {
			return t, true
		}
	}
	return float64(time.Now().UnixMicro()) / 1e6, false
}

// resolveTimeSpec reads a time modifier value: "now", "0" and other epoch
// seconds, a relative time ("-7d@d", "@h", "+1h"), or an absolute time in
// Splunk's default %m/%d/%Y:%H:%M:%S (UTC here).
func resolveTimeSpec(spec string, now float64) (float64, bool) {
	s := strings.TrimSpace(spec)
	if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "+") {
		return f, true
	}
	if t, err := time.Parse("01/02/2006:15:04:05", s); err == nil {
		return float64(t.Unix()), true
	}
	return relativeTime(now, s)
}
