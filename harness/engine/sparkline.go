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
