package ingest

import (
	"time"

	"github.com/dactest/dactest/harness/event"
)

// StampUndated gives every event without a _time the newest _time among
// rows, or the clock when none has one, and says how many it stamped.
// Every Splunk event has a _time: contentctl replays a dataset through HEC
// right before it searches, and HEC gives an event without a timestamp the
// time it receives it, which is the replay's "now"; dactest's replay now is
// the dataset's newest event (engine/timebound.go).
func StampUndated(rows []event.Row) int {
	newest, found, undated := 0.0, false, 0
	for _, r := range rows {
		if t, ok := r.Time(); ok {
			if !found || t > newest {
				newest, found = t, true
			}
			continue
		}
		undated++
	}
	if undated == 0 {
		return 0
	}
	if !found {
		newest = float64(time.Now().UnixMilli()) / 1000
	}
	stamp := event.Single(event.FormatNumber(newest))
	for _, r := range rows {
		if _, ok := r.Time(); !ok {
			r[event.Time] = stamp
		}
	}
	return undated
}
