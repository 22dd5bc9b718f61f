package ingest

import (
	"testing"
	"time"

	"github.com/dactest/dactest/harness/event"
)

// Events without a timestamp get the newest event's time, or the clock
// when no event has one: every Splunk event has a _time.
func TestStampUndated(t *testing.T) {
	rows := []event.Row{
		{event.Time: event.Single("100")},
		{event.Raw: event.Single("no time")},
		{event.Time: event.Single("300.5")},
	}
	if n := StampUndated(rows); n != 1 || rows[1].Get(event.Time).First() != "300.5" || rows[0].Get(event.Time).First() != "100" {
		t.Errorf("stamped %d: %v", StampUndated(rows), rows)
	}
	none := []event.Row{{event.Raw: event.Single("a")}, {event.Raw: event.Single("b")}}
	before := float64(time.Now().Unix())
	if n := StampUndated(none); n != 2 {
		t.Fatalf("stamped %d of 2", n)
	}
	if got, _ := none[1].Time(); got < before {
		t.Errorf("clock stamp %v before %v", got, before)
	}
}
