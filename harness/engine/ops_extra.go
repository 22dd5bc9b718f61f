package engine

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// rex extracts named groups of a regex from a field (default _raw) into
// fields; max_match=N (0: unlimited) makes them multivalue. A non-matching
// row is kept unchanged (rex reference).
func (c *compiler) rex(n *spl.GenericCommand) applyFn {
	field, maxMatch, pattern, mode := event.Raw, 1, "", ""
	for _, a := range splitArgs(n) {
		switch a.Key {
		case "field":
			field = a.Value
		case "max_match":
			maxMatch, _ = strconv.Atoi(a.Value)
		case "mode":
			mode = a.Value
		case "":
			pattern = a.Value
		default:
			c.errs.unsupported(a.At, "rex option "+a.Key, "")
		}
	}
	if mode == "sed" {
		return c.rexSed(n, field, pattern)
	} else if mode != "" {
		c.errs.invalid(n.At, "rex mode "+mode, "the only mode is sed")
		return nil
	}
	re := c.compileRexPattern(n, pattern)
	if re == nil {
		return nil
	}
	names := re.namedGroups()
	limit := maxMatch
	if limit <= 0 {
		limit = -1 // max_match=0 means unlimited
	}
	return mapRows(func(r event.Row) event.Row {
		v := r[field]
		if v.Null() {
			return r
		}
		ms := re.findAllNamed(v.First(), names, limit)
		if len(ms) == 0 {
			return r
		}
		r = r.Clone()
		for gi, name := range names {
			var vals event.Value
			for _, m := range ms {
				vals = append(vals, m[gi])
			}
			r[name] = vals
		}
		return r
	})
}

// compileRexPattern compiles rex's regex as regex and match() do: PCRE
// (rex reference: "a Perl Compatible Regular Expression"), so look-around
// and backreferences work.
func (c *compiler) compileRexPattern(n *spl.GenericCommand, pattern string) *rx {
	if pattern == "" {
		c.errs.invalid(n.At, "command "+n.Name, "needs a quoted regular expression")
		return nil
	}
	re, err := compileRx(pattern)
	if err != nil {
		c.errs.unsupported(n.At, "regex "+pattern, err.Error())
		return nil
	}
	return re
}

func mapRows(f func(event.Row) event.Row) applyFn {
	return func(_ *runCtx, fr frame) (frame, error) {
		out := make([]event.Row, len(fr.rows))
		for i, r := range fr.rows {
			out[i] = f(r)
		}
		return frame{rows: out, cols: nil}, nil
	}
}

// regexFilter is `regex field="re"` / `regex field!="re"` / `regex "re"`
// (on _raw): keeps rows whose field value matches (or, with !=, does not).
// A row without the field never matches.
func (c *compiler) regexFilter(n *spl.GenericCommand) applyFn {
	field, negate, pattern := event.Raw, false, ""
	args := strings.TrimSpace(n.Args)
	if i := strings.Index(args, "="); i > 0 && !strings.HasPrefix(args, `"`) {
		field = strings.TrimSpace(args[:i])
		negate = strings.HasSuffix(field, "!")
		field = strings.TrimSpace(strings.TrimSuffix(field, "!"))
		args = strings.TrimSpace(args[i+1:])
	}
	pattern, _, _ = scanWord(args, 0)
	if pattern == "" {
		c.errs.invalid(n.At, "command regex", "needs a quoted regular expression")
		return nil
	}
	re, err := compileRx(pattern)
	if err != nil {
		c.errs.unsupported(n.At, "regex "+pattern, err.Error())
		return nil
	}
	return filter(func(r event.Row) bool {
		v := r[field]
		if v.Null() {
			return false
		}
		return re.MatchString(v.First()) != negate
	})
}

// bin buckets a numeric field (typically _time) down to a multiple of
// span: `bin span=5m _time` (bucket is its alias). Only span= is
// supported; _time spans are in time units, other fields numeric.
func (c *compiler) bin(n *spl.GenericCommand) applyFn {
	var span float64
	var field, as string
	for _, a := range splitArgs(n) {
		switch a.Key {
		case "span":
			s, ok := parseSpan(a.Value)
			if f, isNum := event.ParseNumber(a.Value); isNum {
				s, ok = f, f > 0
			}
			if !ok {
				c.errs.unsupported(a.At, "bin span "+a.Value, "")
			}
			span = s
		case "":
			if strings.EqualFold(a.Value, "as") {
				as = "\x00next"
			} else if as == "\x00next" {
				as = a.Value
			} else {
				field = a.Value
			}
		default:
			c.errs.unsupported(a.At, n.Name+" option "+a.Key, "")
		}
	}
	if field == "" || span == 0 {
		c.errs.unsupported(n.At, "command "+n.Name, "needs span= and a field")
		return nil
	}
	if as == "" {
		as = field
	}
	return mapRows(func(r event.Row) event.Row {
		v := r[field]
		if v.Null() {
			return r
		}
		r = r.Clone()
		r[as] = bucket(v, span)
		return r
	})
}

// mvexpand turns a row with a multivalue field into one row per value.
func (c *compiler) mvexpand(n *spl.GenericCommand) applyFn {
	args := splitArgs(n)
	if len(args) != 1 || args[0].Key != "" {
		c.errs.unsupported(n.At, "mvexpand arguments "+n.Args, "only a single field is supported")
		return nil
	}
	field := args[0].Value
	return func(_ *runCtx, f frame) (frame, error) {
		var out []event.Row
		for _, r := range f.rows {
			v := r[field]
			if len(v) <= 1 {
				out = append(out, r)
				continue
			}
			for _, s := range v {
				one := r.Clone()
				one[field] = event.Value{s}
				out = append(out, one)
			}
		}
		return frame{rows: out, cols: f.cols}, nil
	}
}

// eventstats adds each row's group aggregates to the row itself instead of
// replacing the rows (eventstats reference). Rows missing a by-field get
// nothing added.
func (c *compiler) eventstats(n *spl.StatsCommand) applyFn {
	for _, o := range n.Options {
		c.errs.unsupported(o.At, "eventstats option "+o.Key, "")
	}
	g := &grouping{aggs: c.aggSpecs(n.Aggs, "eventstats")}
	for _, b := range n.By {
		g.by = append(g.by, byKey{field: b.Name})
	}
	return func(_ *runCtx, f frame) (frame, error) {
		g := g.concrete(f.rows)
		stats := g.run(f.rows).rows
		index := map[string]event.Row{}
		for _, s := range stats {
			k, _ := groupKey(s, byFields(g.by))
			index[k] = s
		}
		out := make([]event.Row, len(f.rows))
		for i, r := range f.rows {
			out[i] = r
			k, ok := firstGroupKey(r, g.by)
			s, found := index[k]
			if !ok || !found {
				continue
			}
			c := r.Clone()
			for _, a := range g.aggs {
				c.Set(a.name, s[a.name])
			}
			out[i] = c
		}
		return frame{rows: out, cols: nil}, nil
	}
}

func byFields(by []byKey) []string {
	out := make([]string, len(by))
	for i, b := range by {
		out[i] = b.field
	}
	return out
}

// firstGroupKey is the group of a row's first value of each by-field.
func firstGroupKey(r event.Row, by []byKey) (string, bool) {
	var b strings.Builder
	for _, k := range by {
		v := r[k.field]
		if v.Null() {
			return "", false
		}
		b.WriteString(v[0])
		b.WriteByte(0)
	}
	return b.String(), true
}

// makemv splits a field's text into a multivalue on delim= (default a
// single space).
func (c *compiler) makemv(n *spl.GenericCommand) applyFn {
	delim, field := " ", ""
	var tokenizer *regexp.Regexp
	for _, a := range splitArgs(n) {
		switch a.Key {
		case "delim":
			delim = a.Value
		case "tokenizer":
			re, err := regexp.Compile(a.Value)
			if err != nil {
				c.errs.unsupported(a.At, "regex "+a.Value, err.Error())
				return nil
			}
			tokenizer = re
		case "":
			field = a.Value
		default:
			c.errs.unsupported(a.At, "makemv option "+a.Key, "")
		}
	}
	if field == "" || delim == "" {
		c.errs.invalid(n.At, "command makemv", "needs a field and a non-empty delim")
		return nil
	}
	return mapRows(func(r event.Row) event.Row {
		v := r[field]
		if len(v) != 1 {
			return r
		}
		parts := splitNonEmpty(v[0], delim)
		if tokenizer != nil {
			parts = tokenize(tokenizer, v[0])
		}
		out := r.Clone()
		out.Set(field, parts)
		return out
	})
}

// splitNonEmpty splits on delim and drops empty items (makemv keeps none
// unless allowempty=true, which is not implemented).
func splitNonEmpty(s, delim string) event.Value {
	var parts event.Value
	for _, p := range strings.Split(s, delim) {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}
