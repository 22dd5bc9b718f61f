package engine

import (
	"sort"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// zeroFilled are the functions whose empty timechart buckets read 0 rather
// than null (a count over no events is 0).
var zeroFilled = map[string]bool{"count": true, "dc": true, "distinct_count": true, "estdc": true}

// timechart is `timechart span=<span> aggs`: stats by _time buckets, in
// time order, with every bucket between the first and the last present
// (empty ones count 0). Splunk fills the whole search window; a replay has
// none, so the data's own span is the window. Split-by series (`by f`) and
// automatic spans are not implemented.
func (c *compiler) timechart(n *spl.GenericCommand) applyFn {
	st, ok := c.timechartArgs(n)
	if !ok {
		return nil
	}
	span, ok := c.timechartSpan(n, st.Options)
	if !ok {
		return nil
	}
	g := &grouping{aggs: c.aggSpecs(st.Aggs, "timechart"), by: []byKey{{field: event.Time, span: span}}}
	if len(g.aggs) != len(st.Aggs) {
		return nil
	}
	return func(_ *runCtx, f frame) (frame, error) {
		rows := fillBuckets(g.run(f.rows).rows, span, st.Aggs, g.aggs)
		cols := []string{event.Time}
		for _, a := range g.aggs {
			cols = append(cols, a.name)
		}
		return frame{rows: rows, cols: cols}, nil
	}
}

// timechartArgs parses the arguments as a stats command would; errors
// point at the timechart command.
func (c *compiler) timechartArgs(n *spl.GenericCommand) (*spl.StatsCommand, bool) {
	q, err := spl.Parse("| stats " + n.Args)
	if err != nil || len(q.Commands) != 1 {
		msg := "cannot read the arguments"
		if err != nil {
			msg = err.Error()
		}
		c.errs.invalid(n.At, "command timechart", msg)
		return nil, false
	}
	st, ok := q.Commands[0].(*spl.StatsCommand)
	if !ok {
		c.errs.invalid(n.At, "command timechart", "cannot read the arguments")
		return nil, false
	}
	if len(st.By) > 0 {
		c.errs.unsupported(n.At, "timechart by", "split-by series are not implemented")
		return nil, false
	}
	for i := range st.Aggs {
		st.Aggs[i].At = n.At
	}
	return st, true
}

func (c *compiler) timechartSpan(n *spl.GenericCommand, opts []spl.Option) (float64, bool) {
	var span float64
	for _, o := range opts {
		switch o.Key {
		case "span":
			s, ok := parseSpan(o.Value)
			if !ok {
				c.errs.unsupported(n.At, "timechart span "+o.Value, "")
				return 0, false
			}
			span = s
		case "limit", "useother", "usenull", "partial", "cont":
			// Only shape split-by series or the window's edges.
		default:
			c.errs.unsupported(n.At, "timechart option "+o.Key, "")
			return 0, false
		}
	}
	if span == 0 {
		c.errs.unsupported(n.At, "timechart without span=", "Splunk picks the span from the search window, which a replay does not have")
		return 0, false
	}
	return span, true
}

// fillBuckets sorts the rows by _time and adds the missing buckets.
func fillBuckets(rows []event.Row, span float64, aggs []spl.Aggregation, specs []aggSpec) []event.Row {
	times := map[float64]event.Row{}
	var keys []float64
	for _, r := range rows {
		if t, ok := r.Time(); ok {
			times[t] = r
			keys = append(keys, t)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Float64s(keys)
	var out []event.Row
	for t := keys[0]; t <= keys[len(keys)-1]; t += span {
		if r, ok := times[t]; ok {
			out = append(out, r)
			continue
		}
		r := event.Row{event.Time: num(t)}
		for i, a := range aggs {
			if zeroFilled[a.Func] {
				r[specs[i].name] = num(0)
			}
		}
		out = append(out, r)
	}
	return out
}
