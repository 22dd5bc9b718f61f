package engine

import (
	"encoding/json"
	"encoding/xml"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// appendpipe runs its sub-pipeline over the current rows and appends the
// result to them (appendpipe reference).
func (c *compiler) appendpipe(n *spl.GenericCommand) applyFn {
	if len(n.Subsearches) != 1 {
		c.errs.invalid(n.At, "command appendpipe", "needs one [subpipeline]")
		return nil
	}
	var stages []stage
	for _, cmd := range n.Subsearches[0].Commands {
		st := stage{name: cmd.CommandName(), pos: cmd.Position(), apply: c.streaming(cmd)}
		if st.apply != nil {
			stages = append(stages, st)
		}
	}
	return func(rc *runCtx, f frame) (frame, error) {
		sub := f
		for _, s := range stages {
			var err error
			if sub, err = s.apply(rc, sub); err != nil {
				return frame{}, err
			}
		}
		out := append(append([]event.Row(nil), f.rows...), sub.rows...)
		return frame{rows: out}, nil
	}
}

// addtotals sums the numeric fields listed (wildcards allowed; all
// numeric fields when none are) into fieldname= (default Total).
func (c *compiler) addtotals(n *spl.GenericCommand) applyFn {
	name := "Total"
	var fields []string
	for _, a := range splitArgs(n) {
		switch a.Key {
		case "fieldname":
			name = a.Value
		case "row":
			if !isTrue(a.Value) {
				c.errs.unsupported(a.At, "addtotals row=false", "")
			}
		case "":
			fields = append(fields, a.Value)
		default:
			c.errs.unsupported(a.At, "addtotals option "+a.Key, "")
		}
	}
	return mapRows(func(r event.Row) event.Row {
		names := r.Names()
		if len(fields) > 0 {
			names = expandFields(fields, names)
		}
		sum, any := 0.0, false
		for _, f := range names {
			if v, ok := r[f].Number(); ok && f != name {
				sum, any = sum+v, true
			}
		}
		if !any {
			return r
		}
		out := r.Clone()
		out[name] = event.Value{event.FormatNumber(sum)}
		return out
	})
}

// replaceCmd is `replace "old" WITH "new" [, ...] IN field, ...`: whole
// values matching old (with * wildcards, case-sensitive) become new, where
// a * in new stands for what old's * matched.
func (c *compiler) replaceCmd(n *spl.GenericCommand) applyFn {
	args := splitArgs(n)
	type pair struct{ from, to string }
	var pairs []pair
	var fields []string
	for i := 0; i < len(args); i++ {
		switch {
		case i+2 < len(args) && strings.EqualFold(args[i+1].Value, "with"):
			pairs = append(pairs, pair{args[i].Value, args[i+2].Value})
			i += 2
		case strings.EqualFold(args[i].Value, "in"):
			for _, a := range args[i+1:] {
				fields = append(fields, a.Value)
			}
			i = len(args)
		default:
			c.errs.invalid(args[i].At, "command replace", "unexpected "+args[i].Value)
			return nil
		}
	}
	if len(pairs) == 0 {
		c.errs.unsupported(n.At, "replace without IN fields", "")
		return nil
	}
	return mapRows(func(r event.Row) event.Row {
		var out event.Row // a copy, made on the first change
		targets := fields
		if len(targets) == 0 {
			targets = r.Names()
		}
		for _, f := range expandFields(targets, r.Names()) {
			v := r[f]
			nv := make(event.Value, len(v))
			changed := false
			for i, s := range v {
				nv[i] = s
				for _, p := range pairs {
					if to, ok := wildcardRename(s, p.from, p.to); ok {
						nv[i], changed = to, true
						break
					}
				}
			}
			if changed {
				if out == nil {
					out = r.Clone()
				}
				out[f] = nv
			}
		}
		if out == nil {
			return r
		}
		return out
	})
}

// fromjson expands a field holding a JSON object into one field per
// top-level key; nested values stay JSON text (fromjson reference).
func (c *compiler) fromjson(n *spl.GenericCommand) applyFn {
	args := splitArgs(n)
	if len(args) != 1 || args[0].Key != "" {
		c.errs.unsupported(n.At, "fromjson arguments "+n.Args, "only a field name")
		return nil
	}
	field := args[0].Value
	return mapRows(func(r event.Row) event.Row {
		var obj map[string]any
		if v := r[field]; v.Null() || json.Unmarshal([]byte(v.First()), &obj) != nil {
			return r
		}
		out := r.Clone()
		for k, x := range obj {
			if arr, ok := x.([]any); ok {
				var vals event.Value
				for _, e := range arr {
					vals = append(vals, jsonText(e))
				}
				out.Set(k, vals)
				continue
			}
			out[k] = event.Value{jsonText(x)}
		}
		return out
	})
}

// xmlkv extracts <tag>value</tag> pairs from a field (default _raw) into
// fields named by the tag, for elements holding only text.
func (c *compiler) xmlkv(n *spl.GenericCommand) applyFn {
	field := event.Raw
	for _, a := range splitArgs(n) {
		if a.Key != "" {
			c.errs.unsupported(a.At, "xmlkv option "+a.Key, "")
			continue
		}
		field = a.Value
	}
	return mapRows(func(r event.Row) event.Row {
		v := r[field]
		if v.Null() {
			return r
		}
		pairs := xmlLeaves(v.First())
		if len(pairs) == 0 {
			return r
		}
		out := r.Clone()
		for _, p := range pairs {
			out[p[0]] = append(out[p[0]][:len(out[p[0]]):len(out[p[0]])], p[1])
		}
		return out
	})
}

// xmlLeaves lists (tag, text) for elements without child elements.
func xmlLeaves(s string) [][2]string {
	var out [][2]string
	walkXML(s, func([]string, []xml.Attr) {}, func(path []string, text string, leaf bool) {
		if leaf {
			out = append(out, [2]string{path[len(path)-1], text})
		}
	})
	return out
}
