package engine

import (
	"strconv"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// streamOpts are streamstats' options (Search Reference, "streamstats"):
// current (default true: the row itself counts), window (default 0: all
// rows so far), global (default true: with window and by, one window over
// the stream rather than one per group).
type streamOpts struct {
	current, global bool
	window          int
}

// streamstats adds to each row, in pipeline order, the aggregates of the
// rows of its group seen so far. A row missing a by-field passes through
// unchanged; with current=false a group's first row gets no aggregate
// fields (docs silent; nothing has been seen yet).
func (c *compiler) streamstats(n *spl.StatsCommand) applyFn {
	opts := c.streamOptions(n.Options)
	g := &grouping{aggs: c.aggSpecs(n.Aggs, "streamstats")}
	for _, b := range n.By {
		if b.Span != "" {
			c.errs.unsupported(b.At, "streamstats by span", "")
		}
		g.by = append(g.by, byKey{field: b.Name})
	}
	return func(_ *runCtx, f frame) (frame, error) {
		g := g.concrete(f.rows)
		if opts.window > 0 {
			return frame{rows: streamWindowed(g, opts, f.rows)}, nil
		}
		return frame{rows: streamRunning(g, opts, f.rows)}, nil
	}
}

func (c *compiler) streamOptions(os []spl.Option) streamOpts {
	opts := streamOpts{current: true, global: true}
	for _, o := range os {
		switch o.Key {
		case "current":
			opts.current = isTrue(o.Value)
		case "global":
			opts.global = isTrue(o.Value)
		case "window":
			w, err := strconv.Atoi(o.Value)
			if err != nil || w < 0 {
				c.errs.invalid(o.At, "streamstats window", "needs a non-negative integer")
			}
			opts.window = w
		default:
			c.errs.unsupported(o.At, "streamstats option "+o.Key, "")
		}
	}
	return opts
}

// streamRunning keeps one set of accumulators per group.
func streamRunning(g *grouping, opts streamOpts, rows []event.Row) []event.Row {
	groups := map[string][]accum{}
	out := make([]event.Row, len(rows))
	for i, r := range rows {
		out[i] = r
		k, ok := firstGroupKey(r, g.by)
		if !ok {
			continue
		}
		accs, seen := groups[k]
		if !seen {
			accs = newAccs(g)
			groups[k] = accs
		}
		if !opts.current && !seen {
			feed(g, accs, r)
			continue
		}
		if opts.current {
			feed(g, accs, r)
		}
		out[i] = withAggs(g, accs, r)
		if !opts.current {
			feed(g, accs, r)
		}
	}
	return out
}

// streamWindowed recomputes each row's aggregates over its window: the
// last `window` rows of the stream (global) or of its group, the row
// itself included unless current=false.
func streamWindowed(g *grouping, opts streamOpts, rows []event.Row) []event.Row {
	out := make([]event.Row, len(rows))
	keys := make([]string, len(rows))
	oks := make([]bool, len(rows))
	for i, r := range rows {
		keys[i], oks[i] = firstGroupKey(r, g.by)
	}
	for i, r := range rows {
		out[i] = r
		if !oks[i] {
			continue
		}
		accs, n := newAccs(g), 0
		end := i
		if opts.current {
			end = i + 1
		}
		for j, taken := end-1, 0; j >= 0 && taken < opts.window; j-- {
			if opts.global || keys[j] == keys[i] {
				taken++
			}
			if oks[j] && keys[j] == keys[i] {
				feed(g, accs, rows[j])
				n++
			}
		}
		if n > 0 {
			out[i] = withAggs(g, accs, r)
		}
	}
	return out
}

func newAccs(g *grouping) []accum {
	accs := make([]accum, len(g.aggs))
	for i, a := range g.aggs {
		accs[i] = a.newAcc()
	}
	return accs
}

func feed(g *grouping, accs []accum, r event.Row) {
	t, hasT := r.Time()
	for i, a := range g.aggs {
		accs[i].add(a.arg(r), t, hasT)
	}
}

func withAggs(g *grouping, accs []accum, r event.Row) event.Row {
	c := r.Clone()
	for i, a := range g.aggs {
		c.Set(a.name, accs[i].result())
	}
	return c
}
