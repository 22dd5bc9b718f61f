package engine

import (
	"math"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// txnSpec is a compiled transaction command.
type txnSpec struct {
	fields              []string
	start, end          matcher // nil when not given
	maxSpan, maxPause   float64 // seconds; 0 means unlimited
	keepEvicted, mvlist bool
	mvlistFields        map[string]bool // mvlist=<field-list>: only these keep every value
}

// listed says whether a merged field keeps every value in arrival order
// (mvlist) rather than a sorted set.
func (s *txnSpec) listed(field string) bool { return s.mvlist || s.mvlistFields[field] }

// txn is one transaction under construction; events arrive newest first.
type txn struct {
	events           []event.Row
	newest, oldest   float64
	sawStart, sawEnd bool
}

// transaction groups events that share the values of the fields into one
// result per transaction (transaction reference): _time of the earliest
// member, the union of members' field values, _raw of every member,
// duration (last minus first _time) and eventcount. Events are scanned
// newest first, as Splunk returns them: endswith= opens a transaction,
// startswith= closes it, maxspan=/maxpause= split it. A transaction missing
// a required start or end is evicted and dropped unless keepevicted=true
// (then closed_txn says 0). Events lacking a field join no transaction.
func (c *compiler) transaction(n *spl.GenericCommand) applyFn {
	spec := &txnSpec{}
	for _, a := range splitArgs(n) {
		c.txnOption(n, spec, a)
	}
	if len(spec.fields) == 0 {
		c.errs.unsupported(n.At, "transaction without fields", "")
		return nil
	}
	return func(_ *runCtx, f frame) (frame, error) {
		return frame{rows: spec.run(f.rows)}, nil
	}
}

func (c *compiler) txnOption(n *spl.GenericCommand, spec *txnSpec, a cmdArg) {
	switch a.Key {
	case "":
		spec.fields = append(spec.fields, a.Value)
	case "startswith", "endswith":
		m := c.txnFilter(a)
		if a.Key == "startswith" {
			spec.start = m
		} else {
			spec.end = m
		}
	case "maxspan", "maxpause":
		secs, ok := parseSpan(a.Value)
		if a.Value == "-1" {
			secs, ok = 0, true
		}
		if !ok {
			c.errs.unsupported(a.At, "transaction "+a.Key+" "+a.Value, "")
		}
		if a.Key == "maxspan" {
			spec.maxSpan = secs
		} else {
			spec.maxPause = secs
		}
	case "connected":
		// Only matters for events lacking some of the fields, which join no
		// transaction here.
	case "keepevicted":
		spec.keepEvicted = isTrue(a.Value)
	case "mvlist":
		// mvlist=<bool> | <field-list> (transaction reference)
		switch v := strings.ToLower(strings.Trim(a.Value, `"`)); v {
		case "true", "t", "1", "yes", "false", "f", "0", "no":
			spec.mvlist = isTrue(v)
		default:
			spec.mvlistFields = map[string]bool{}
			for _, f := range strings.FieldsFunc(strings.Trim(a.Value, `"`), func(r rune) bool { return r == ',' || r == ' ' }) {
				spec.mvlistFields[f] = true
			}
		}
	default:
		c.errs.unsupported(a.At, "transaction option "+a.Key, "")
	}
}

// txnFilter compiles startswith=/endswith=: a search expression, in
// parentheses or quotes. eval(...) filters are not supported.
func (c *compiler) txnFilter(a cmdArg) matcher {
	text := strings.TrimSpace(a.Value)
	if strings.HasPrefix(strings.ToLower(text), "eval(") {
		c.errs.unsupported(a.At, "transaction "+a.Key+"=eval(...)", "")
		return nil
	}
	x, err := spl.ParseSearchExpr(text)
	if err != nil {
		c.errs.invalid(a.At, "transaction "+a.Key, err.Error())
		return nil
	}
	tree := compileSearchTree(x, c.errs)
	if tree.hasSub() {
		c.errs.unsupported(a.At, "transaction "+a.Key+" with a subsearch or time modifier", "")
		return nil
	}
	return tree.rowMatcher()
}

func (s *txnSpec) run(rows []event.Row) []event.Row {
	open := map[string]*txn{}
	var out []event.Row
	finish := func(k string) {
		if t := open[k]; t != nil {
			if r, ok := s.render(t); ok {
				out = append(out, r)
			}
			delete(open, k)
		}
	}
	for _, r := range rows {
		k, ok := groupKey(r, s.fields)
		if !ok {
			continue
		}
		t, _ := r.Time()
		if cur := open[k]; cur != nil && s.breaks(cur, t) {
			finish(k)
		}
		isEnd := s.end != nil && s.end(r)
		if isEnd && open[k] != nil {
			finish(k) // a newer end opens a new transaction
		}
		if open[k] == nil {
			open[k] = &txn{newest: t, sawEnd: isEnd}
		}
		cur := open[k]
		cur.events = append(cur.events, r)
		cur.oldest = t
		if s.start != nil && s.start(r) {
			cur.sawStart = true
			finish(k)
		}
	}
	for k := range open {
		finish(k)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, _ := out[i].Time()
		b, _ := out[j].Time()
		return a > b
	})
	return out
}

// breaks reports whether an older event at time t cannot join cur.
func (s *txnSpec) breaks(cur *txn, t float64) bool {
	return s.maxSpan > 0 && cur.newest-t > s.maxSpan ||
		s.maxPause > 0 && cur.oldest-t > s.maxPause
}

// render merges a transaction's events; ok is false for an evicted one
// that is not kept.
func (s *txnSpec) render(t *txn) (event.Row, bool) {
	closed := (s.start == nil || t.sawStart) && (s.end == nil || t.sawEnd)
	if !closed && !s.keepEvicted {
		return nil, false
	}
	r := event.Row{}
	var raws []string
	for i := len(t.events) - 1; i >= 0; i-- { // oldest first
		e := t.events[i]
		for name, v := range e {
			if name == event.Raw || name == event.Time {
				continue
			}
			r[name] = mergeValues(r[name], v, s.listed(name))
		}
		raws = append(raws, e[event.Raw]...)
	}
	for name, v := range r {
		if !s.listed(name) {
			sort.Strings(v) // a set ordered alphabetically (mvlist=false)
		}
	}
	r[event.Time] = event.Value{event.FormatNumber(t.oldest)}
	if len(raws) > 0 {
		r[event.Raw] = event.Value{strings.Join(raws, "\n")}
	}
	// _time has microseconds; the difference of two float times does not
	// (40.049841 came out as 40.04984092712402)
	r["duration"] = event.Value{event.FormatNumber(math.Round((t.newest-t.oldest)*1e6) / 1e6)}
	r["eventcount"] = event.Value{event.FormatNumber(float64(len(t.events)))}
	if s.keepEvicted {
		r["closed_txn"] = event.Value{map[bool]string{true: "1", false: "0"}[closed]}
	}
	return r, true
}

// mergeValues adds v's elements to have, keeping each once unless mvlist.
func mergeValues(have, v event.Value, mvlist bool) event.Value {
	out := append(event.Value(nil), have...)
	for _, x := range v {
		if mvlist || !containsString(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
