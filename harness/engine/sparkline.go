package engine

import "github.com/dactest/dactest/harness/event"

// sparklineMarker starts Splunk's sparkline values ("##__SPARKLINE__##,
// v1,v2,..." rendered as a chart in the UI; Search Reference, "sparkline").
const sparklineMarker = "##__SPARKLINE__##"

func init() { aggFuncs["sparkline"] = func() accum { return &sparklineAcc{} } }

// sparklineAcc is a stub: detections only display sparklines, never filter
// on them, so one bucket holding the count of rows stands in for Splunk's
// per-time-bucket series: the value is [marker, count]. Documented in the
// README; a test comparing sparkline cells with Splunk's would differ.
type sparklineAcc struct{ n int }

func (a *sparklineAcc) add(v []string, _ float64, _ bool) { a.n += len(v) }
func (a *sparklineAcc) result() event.Value {
	return event.Value{sparklineMarker, event.FormatNumber(float64(a.n))}
}

func init() {
	aggFuncs["earliest_time"] = func() accum { return &timeOfAcc{} }
	aggFuncs["latest_time"] = func() accum { return &timeOfAcc{latest: true} }
}

// timeOfAcc is earliest_time/latest_time: the _time (epoch seconds) of
// the earliest or latest event where the field has a value.
type timeOfAcc struct {
	latest bool
	t      float64
	seen   bool
}

func (a *timeOfAcc) add(v []string, t float64, hasT bool) {
	if len(v) == 0 || !hasT {
		return
	}
	if !a.seen || (a.latest && t > a.t) || (!a.latest && t < a.t) {
		a.t, a.seen = t, true
	}
}

func (a *timeOfAcc) result() event.Value {
	if !a.seen {
		return nil
	}
	return num(a.t)
}
