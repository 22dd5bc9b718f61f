package engine

import (
	"sort"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// dedup keeps the first N (default 1) rows of each combination of the
// fields' values; rows missing any of the fields are dropped unless
// keepempty=true (dedup reference).
func (c *compiler) dedup(n *spl.FieldListCommand) applyFn {
	limit, keepEmpty, consecutive := 1, false, false
	for _, o := range n.Options {
		switch o.Key {
		case "limit":
			limit, _ = strconv.Atoi(o.Value)
		case "keepempty":
			keepEmpty = isTrue(o.Value)
		case "consecutive":
			consecutive = isTrue(o.Value)
		default:
			c.errs.unsupported(o.At, "dedup option "+o.Key, "")
		}
	}
	if len(n.Fields) == 0 {
		c.errs.invalid(n.At, "command dedup", "needs at least one field")
	}
	fields := n.Fields
	return func(_ *runCtx, f frame) (frame, error) {
		seen := map[string]int{}
		out := make([]event.Row, 0, len(f.rows))
		prev, hasPrev := "", false
		for _, r := range f.rows {
			key, complete := groupKey(r, fields)
			if !complete {
				if keepEmpty {
					out = append(out, r)
				}
				continue
			}
			if consecutive {
				// only a run of the same values is one (dedup reference)
				if !hasPrev || key != prev {
					out = append(out, r)
				}
				prev, hasPrev = key, true
				continue
			}
			if seen[key] < limit {
				seen[key]++
				out = append(out, r)
			}
		}
		return frame{rows: out, cols: f.cols}, nil
	}
}

func isTrue(s string) bool {
	switch strings.ToLower(s) {
	case "true", "t", "1", "yes":
		return true
	}
	return false
}

// groupKey joins the fields' whole values; complete is false when one is
// missing.
func groupKey(r event.Row, fields []string) (string, bool) {
	var b strings.Builder
	for _, name := range fields {
		v := r[name]
		if v.Null() {
			return "", false
		}
		b.WriteString(strings.Join(v, "\x01"))
		b.WriteByte(0)
	}
	return b.String(), true
}

// generic compiles commands the parser keeps as raw text. head and sort
// have simple enough arguments to read here; everything else is
// unsupported by name.
func (c *compiler) generic(n *spl.GenericCommand) applyFn {
	switch n.Name {
	case "head":
		return c.head(n)
	case "tail":
		return c.tail(n)
	case "reverse":
		return c.reverse(n)
	case "strcat":
		return c.strcat(n)
	case "sort":
		return c.sort(n)
	case "rex":
		return c.rex(n)
	case "regex":
		return c.regexFilter(n)
	case "bin", "bucket":
		return c.bin(n)
	case "mvexpand":
		return c.mvexpand(n)
	case "lookup":
		return c.lookup(n)
	case "join":
		return c.join(n)
	case "append":
		return c.appendCmd(n)
	case "spath":
		return c.spath(n)
	case "foreach":
		return c.foreach(n)
	case "makemv":
		return c.makemv(n)
	case "appendpipe":
		return c.appendpipe(n)
	case "addtotals":
		return c.addtotals(n)
	case "replace":
		return c.replaceCmd(n)
	case "fromjson":
		return c.fromjson(n)
	case "xmlkv":
		return c.xmlkv(n)
	case "transaction":
		return c.transaction(n)
	case "map":
		return c.mapCmd(n)
	case "timechart":
		return c.timechart(n)
	case "extract", "kv":
		return c.extract(n)
	}
	c.unsupportedCommand(n, n.Name, "")
	return nil
}

// head keeps the first N rows (default 10): `head 5` or `head limit=5`.
func (c *compiler) head(n *spl.GenericCommand) applyFn {
	arg := strings.TrimSpace(n.Args)
	arg = strings.TrimPrefix(arg, "limit=")
	limit := 10
	if arg != "" {
		v, err := strconv.Atoi(arg)
		if err != nil || v < 0 {
			c.errs.unsupported(n.At, "head argument "+n.Args, "only a row count is supported")
			return nil
		}
		limit = v
	}
	return func(_ *runCtx, f frame) (frame, error) {
		return frame{rows: f.rows[:min(limit, len(f.rows))], cols: f.cols}, nil
	}
}

// tail is `tail [N]`: the last N results (10 by default), "returned in
// reverse order, starting at the end of the result set" (tail reference).
func (c *compiler) tail(n *spl.GenericCommand) applyFn {
	limit := 10
	if arg := strings.TrimSpace(n.Args); arg != "" {
		v, err := strconv.Atoi(arg)
		if err != nil || v < 0 {
			c.errs.invalid(n.At, "tail argument "+n.Args, "want a number of results")
			return nil
		}
		limit = v
	}
	return func(_ *runCtx, f frame) (frame, error) {
		out := make([]event.Row, 0, min(limit, len(f.rows)))
		for i := len(f.rows) - 1; i >= 0 && len(out) < limit; i-- {
			out = append(out, f.rows[i])
		}
		return frame{rows: out, cols: f.cols}, nil
	}
}

// reverse is `reverse`: the results in the opposite order.
func (c *compiler) reverse(n *spl.GenericCommand) applyFn {
	if strings.TrimSpace(n.Args) != "" {
		c.errs.invalid(n.At, "reverse "+n.Args, "reverse takes no arguments")
		return nil
	}
	return func(_ *runCtx, f frame) (frame, error) {
		out := make([]event.Row, len(f.rows))
		for i, r := range f.rows {
			out[len(f.rows)-1-i] = r
		}
		return frame{rows: out, cols: f.cols}, nil
	}
}

// sortKey is one `sort` key: a field, its direction and comparison mode.
type sortKey struct {
	field string
	desc  bool
	mode  string // auto, num, str
}

// sort orders rows by `sort [N] [-|+]field, ...`; auto compares numbers
// numerically and text lexicographically. The default limit is 10000 rows
// and 0 means no limit (sort reference). Rows missing a key sort last.
func (c *compiler) sort(n *spl.GenericCommand) applyFn {
	keys, limit, ok := parseSortArgs(n.Args)
	if !ok || len(keys) == 0 {
		c.errs.unsupported(n.At, "sort arguments "+n.Args, "")
		return nil
	}
	return func(_ *runCtx, f frame) (frame, error) {
		out := append([]event.Row(nil), f.rows...)
		sort.SliceStable(out, func(i, j int) bool { return sortLess(out[i], out[j], keys) })
		if limit > 0 && len(out) > limit {
			out = out[:limit]
		}
		return frame{rows: out, cols: f.cols}, nil
	}
}

func parseSortArgs(args string) ([]sortKey, int, bool) {
	limit := 10000
	fields := strings.FieldsFunc(args, func(r rune) bool { return r == ',' || r == ' ' })
	var keys []sortKey
	desc := false
	for i, tok := range fields {
		if v, err := strconv.Atoi(strings.TrimPrefix(tok, "limit=")); err == nil && i == 0 {
			limit = v
			continue
		}
		if tok == "-" || tok == "+" {
			desc = tok == "-"
			continue
		}
		k, ok := parseSortKey(tok)
		if !ok {
			return nil, 0, false
		}
		k.desc = k.desc || desc
		desc = false
		keys = append(keys, k)
	}
	if last := len(keys) - 1; last > 0 && (strings.EqualFold(keys[last].field, "d") || strings.EqualFold(keys[last].field, "desc")) {
		keys = keys[:len(keys)-1]
		for i := range keys {
			keys[i].desc = !keys[i].desc
		}
	}
	return keys, limit, true
}

func parseSortKey(tok string) (sortKey, bool) {
	k := sortKey{mode: "auto"}
	if strings.HasPrefix(tok, "-") || strings.HasPrefix(tok, "+") {
		k.desc = tok[0] == '-'
		tok = tok[1:]
	}
	if open := strings.IndexByte(tok, '('); open > 0 && strings.HasSuffix(tok, ")") {
		k.mode = strings.ToLower(tok[:open])
		tok = tok[open+1 : len(tok)-1]
		if k.mode != "num" && k.mode != "str" && k.mode != "auto" {
			return k, false
		}
	}
	k.field = strings.Trim(tok, `"'`)
	return k, k.field != ""
}

func sortLess(a, b event.Row, keys []sortKey) bool {
	for _, k := range keys {
		va, vb := a[k.field], b[k.field]
		if va.Null() || vb.Null() {
			if va.Null() != vb.Null() {
				return vb.Null()
			}
			continue
		}
		c := compareText(va.First(), vb.First(), k.mode)
		if c == 0 {
			continue
		}
		return (c < 0) != k.desc
	}
	return false
}

// compareText orders two field values: numbers numerically (before text in
// auto mode), text lexicographically.
func compareText(a, b, mode string) int {
	if mode != "str" {
		x, okA := event.ParseNumber(a)
		y, okB := event.ParseNumber(b)
		switch {
		case okA && okB:
			return cmpFloat(x, y)
		case mode == "num" || okA != okB:
			if okA != okB {
				if okA {
					return -1
				}
				return 1
			}
		}
	}
	return strings.Compare(a, b)
}

func sortStrings(xs []string) { sort.Strings(xs) }
