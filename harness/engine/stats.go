package engine

import (
	"sort"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// aggSpec is one compiled aggregation: its output column, how to read its
// argument from a row, and its accumulator.
type aggSpec struct {
	byTime bool // earliest/latest need each row's _time
	name   string
	arg    func(event.Row) []string
	newAcc func() accum
	wild   *wildAgg // a wildcard field: expanded per run (stats_wild.go)
}

// byKey is one compiled by-field; span buckets _time (seconds).
type byKey struct {
	field string
	span  float64
}

// grouping is everything a stats-like aggregation needs.
type grouping struct {
	by   []byKey
	aggs []aggSpec
	// fill replaces a missing by-field value (tstats fillnull_value); when
	// nil, rows missing a by-field are dropped.
	fill *string
}

var oneValue = []string{"1"}

// aggSpecs compiles aggregation calls; what names the command in errors.
func (c *compiler) aggSpecs(aggs []spl.Aggregation, what string) []aggSpec {
	specs := make([]aggSpec, 0, len(aggs))
	for _, a := range aggs {
		newAcc, ok := aggFuncs[a.Func]
		if a.Param != "" {
			newAcc, ok = percentileAgg(a.Func, a.Param)
		}
		if !ok {
			c.errs.unsupported(a.At, what+" function "+a.Func+a.Param, "")
			continue
		}
		byTime := strings.HasPrefix(a.Func, "earliest") || strings.HasPrefix(a.Func, "latest")
		if f, ok := a.Arg.(*spl.FieldRef); ok && strings.Contains(f.Name, "*") {
			if what != "stats" && what != "eventstats" && what != "streamstats" {
				c.errs.unsupported(a.At, what+" "+a.Func+"("+f.Name+")", "a wildcard field works in stats, eventstats and streamstats only")
				continue
			}
			specs = append(specs, aggSpec{byTime: byTime, wild: &wildAgg{fn: a.Func, param: a.Param, pattern: f.Name, as: a.As, newAcc: newAcc}})
			continue
		}
		spec := aggSpec{name: a.As, newAcc: newAcc, arg: c.aggArg(a), byTime: byTime}
		if spec.name == "" {
			spec.name = defaultAggName(c, a)
		}
		specs = append(specs, spec)
	}
	return specs
}

// aggArg reads an aggregation's argument: nothing for a bare count, a
// field's values, or an eval expression where false counts as absent (so
// count(eval(x>1)) counts the rows where it holds).
func (c *compiler) aggArg(a spl.Aggregation) func(event.Row) []string {
	if call, ok := a.Arg.(*spl.Call); ok && call.Func == "eval" && len(call.Args) == 1 {
		a.Arg = call.Args[0] // count(eval(x)) as the parser may keep it
	}
	switch x := a.Arg.(type) {
	case nil:
		if a.Func != "count" && a.Func != "sparkline" {
			c.errs.invalid(a.At, "function "+a.Func, "needs a field")
		}
		return func(event.Row) []string { return oneValue }
	case *spl.FieldRef:
		name := x.Name
		return func(r event.Row) []string { return r[name] }
	}
	f := c.expr(a.Arg)
	return func(r event.Row) []string {
		v := f(r)
		if v.k == kBool && !v.b {
			return nil
		}
		return v.toValue()
	}
}

func defaultAggName(c *compiler, a spl.Aggregation) string {
	switch x := a.Arg.(type) {
	case nil:
		return a.Func
	case *spl.FieldRef:
		return a.Func + a.Param + "(" + x.Name + ")"
	}
	c.errs.invalid(a.At, "function "+a.Func, "an eval() argument needs AS <name>")
	return a.Func
}

// stats compiles `stats aggs [by fields]`; eventstats and streamstats are
// not implemented.
func (c *compiler) stats(n *spl.StatsCommand) applyFn {
	switch n.Name {
	case "eventstats":
		return c.eventstats(n)
	case "streamstats":
		return c.streamstats(n)
	case "stats":
	default:
		c.errs.unsupported(n.At, "command "+n.Name, "")
		return nil
	}
	for _, o := range n.Options {
		c.errs.unsupported(o.At, "stats option "+o.Key, "")
	}
	g := &grouping{aggs: c.aggSpecs(n.Aggs, "stats")}
	for _, b := range n.By {
		if b.Span != "" {
			c.errs.unsupported(b.At, "stats by span", "use bin or tstats")
		}
		g.by = append(g.by, byKey{field: b.Name})
	}
	return func(_ *runCtx, f frame) (frame, error) { return g.concrete(f.rows).run(f.rows), nil }
}

// group is one output row under construction.
type group struct {
	by   []string
	keys []sortVal // by parsed once, for ordering
	accs []accum
}

// sortVal is a by-value prepared for ordering: numbers before text,
// numbers numerically, text lexicographically.
type sortVal struct {
	n     float64
	isNum bool
	s     string
}

func newSortVal(s string) sortVal {
	n, ok := event.ParseNumber(s)
	return sortVal{n: n, isNum: ok, s: s}
}

func (a sortVal) compare(b sortVal) int {
	switch {
	case a.isNum && b.isNum:
		return cmpFloat(a.n, b.n)
	case a.isNum != b.isNum:
		if a.isNum {
			return -1
		}
		return 1
	}
	return strings.Compare(a.s, b.s)
}

// run aggregates rows into one row per combination of by-field values. A
// multivalue by-field puts the row in one group per value. Output rows are
// ordered by their by-field values, ascending.
func (g *grouping) run(rows []event.Row) frame {
	groups := map[string]*group{}
	var order []*group
	keys := make([][]string, len(g.by))
	needTime := g.needsTime()
	var t float64
	var hasT bool
	add := func(r event.Row, combo []string) {
		k := comboKey(combo)
		grp := groups[k]
		if grp == nil {
			grp = g.newGroup(combo)
			groups[k] = grp
			order = append(order, grp)
		}
		for i, a := range g.aggs {
			grp.accs[i].add(a.arg(r), t, hasT)
		}
	}
	for _, r := range rows {
		if !g.byValues(r, keys) {
			continue
		}
		if needTime {
			t, hasT = r.Time()
		}
		forEachCombo(keys, func(combo []string) { add(r, combo) })
	}
	if len(g.by) == 0 && len(order) == 0 {
		order = append(order, g.newGroup(nil)) // stats count over nothing is one row: 0
	}
	sortGroups(order)
	return frame{rows: g.emit(order), cols: g.columns()}
}

// comboKey identifies a group; one by-field (the common case) needs no
// allocation.
func comboKey(combo []string) string {
	if len(combo) == 1 {
		return combo[0]
	}
	return strings.Join(combo, "\x00")
}

// needsTime reports whether an accumulator orders by _time.
func (g *grouping) needsTime() bool {
	for _, a := range g.aggs {
		if a.byTime {
			return true
		}
	}
	return false
}

// byValues fills keys with each by-field's values; false drops the row.
func (g *grouping) byValues(r event.Row, keys [][]string) bool {
	for i, b := range g.by {
		v := r[b.field]
		if v.Null() {
			if g.fill == nil {
				return false
			}
			v = event.Value{*g.fill}
		}
		if b.span > 0 {
			v = bucket(v, b.span)
		}
		keys[i] = v
	}
	return true
}

func bucket(v event.Value, span float64) event.Value {
	out := make(event.Value, len(v))
	for i, s := range v {
		if f, ok := event.ParseNumber(s); ok {
			s = event.FormatNumber(float64(int64(f/span)) * span)
		}
		out[i] = s
	}
	return out
}

// forEachCombo calls f with every combination of one value per key.
func forEachCombo(keys [][]string, f func([]string)) {
	if single(keys) {
		f(firsts(keys))
		return
	}
	combo := make([]string, len(keys))
	var rec func(int)
	rec = func(i int) {
		if i == len(keys) {
			f(combo)
			return
		}
		for _, v := range keys[i] {
			combo[i] = v
			rec(i + 1)
		}
	}
	rec(0)
}

func single(keys [][]string) bool {
	for _, k := range keys {
		if len(k) != 1 {
			return false
		}
	}
	return true
}

// firsts returns the single values; with one key it reuses the key's slice.
func firsts(keys [][]string) []string {
	if len(keys) == 1 {
		return keys[0]
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k[0]
	}
	return out
}

func (g *grouping) newGroup(combo []string) *group {
	grp := &group{by: append([]string(nil), combo...), accs: make([]accum, len(g.aggs))}
	grp.keys = make([]sortVal, len(combo))
	for i, v := range combo {
		grp.keys[i] = newSortVal(v)
	}
	for i, a := range g.aggs {
		grp.accs[i] = a.newAcc()
	}
	return grp
}

func sortGroups(gs []*group) {
	sort.SliceStable(gs, func(i, j int) bool {
		for k := range gs[i].keys {
			if c := gs[i].keys[k].compare(gs[j].keys[k]); c != 0 {
				return c < 0
			}
		}
		return false
	})
}

func (g *grouping) emit(gs []*group) []event.Row {
	out := make([]event.Row, len(gs))
	for i, grp := range gs {
		r := make(event.Row, len(g.by)+len(g.aggs))
		for k, b := range g.by {
			r[b.field] = event.Value{grp.by[k]}
		}
		for k, a := range g.aggs {
			r.Set(a.name, grp.accs[k].result())
		}
		out[i] = r
	}
	return out
}

func (g *grouping) columns() []string {
	cols := make([]string, 0, len(g.by)+len(g.aggs))
	for _, b := range g.by {
		cols = append(cols, b.field)
	}
	for _, a := range g.aggs {
		cols = append(cols, a.name)
	}
	return dedupStrings(cols)
}

// parseSpan reads a time span like 30s, 5m, 1h, 1d into seconds.
func parseSpan(s string) (float64, bool) {
	units := map[string]float64{
		"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
		"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
		"h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
		"d": 86400, "day": 86400, "days": 86400,
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(s[:i])
	if i == 0 {
		n, err = 1, nil
	}
	mult, ok := units[strings.ToLower(s[i:])]
	if err != nil || !ok || n <= 0 {
		return 0, false
	}
	return float64(n) * mult, true
}
