package engine

import (
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

type applyFn = func(*runCtx, frame) (frame, error)

// eval assigns fields in order, so later assignments see earlier ones. Rows
// are copied before writing: dataset rows are shared and immutable.
func (c *compiler) eval(n *spl.EvalCommand) applyFn {
	type assign struct {
		field string
		fn    evalFn
	}
	as := make([]assign, len(n.Assignments))
	for i, a := range n.Assignments {
		if isBoolExpr(a.Expr) {
			c.errs.invalid(a.At, "eval "+a.Field, "a field cannot be assigned a boolean result")
		}
		as[i] = assign{a.Field, c.expr(a.Expr)}
	}
	return func(_ *runCtx, f frame) (frame, error) {
		out := make([]event.Row, len(f.rows))
		for i, r := range f.rows {
			r = r.Clone()
			for _, a := range as {
				r.Set(a.field, a.fn(r).toValue())
			}
			out[i] = r
		}
		cols := f.cols
		for _, a := range as {
			cols = addColumn(cols, a.field)
		}
		return frame{rows: out, cols: cols}, nil
	}
}

// isBoolExpr reports expressions whose result is always boolean.
func isBoolExpr(x spl.Expr) bool {
	switch n := x.(type) {
	case *spl.Binary:
		switch strings.ToUpper(n.Op) {
		case "AND", "OR", "XOR", "LIKE", "=", "==", "!=", "<", "<=", ">", ">=":
			return true
		}
	case *spl.Unary:
		return strings.EqualFold(n.Op, "NOT")
	case *spl.InList:
		return true
	case *spl.Call:
		return funcs[n.Func].boolean
	case *spl.Literal:
		return n.Kind == spl.LitBool
	}
	return false
}

// addColumn appends name to known columns; unknown columns stay unknown.
func addColumn(cols []string, name string) []string {
	if cols == nil {
		return nil
	}
	for _, c := range cols {
		if c == name {
			return cols
		}
	}
	return append(append([]string(nil), cols...), name)
}

// rename applies each `old AS new` pair in turn; `*` in old captures text
// that replaces `*` in new. A renamed field replaces any field of the new
// name.
func (c *compiler) rename(n *spl.RenameCommand) applyFn {
	pairs := n.Pairs
	for _, p := range pairs {
		if strings.Count(p.From, "*") != strings.Count(p.To, "*") && strings.Contains(p.To, "*") {
			c.errs.invalid(p.At, "rename "+p.From, "wildcards in both names must pair up")
		}
	}
	return func(_ *runCtx, f frame) (frame, error) {
		out := make([]event.Row, len(f.rows))
		for i, r := range f.rows {
			out[i] = renameRow(r, pairs)
		}
		cols := f.cols
		if cols != nil {
			cols = renameColumns(cols, pairs)
		}
		return frame{rows: out, cols: cols}, nil
	}
}

func renameRow(r event.Row, pairs []spl.RenamePair) event.Row {
	r = r.Clone()
	for _, p := range pairs {
		for _, name := range r.Names() {
			to, ok := wildcardRename(name, p.From, p.To)
			if !ok || to == name {
				continue
			}
			r[to] = r[name]
			delete(r, name)
		}
	}
	return r
}

func renameColumns(cols []string, pairs []spl.RenamePair) []string {
	out := append([]string(nil), cols...)
	for _, p := range pairs {
		for i, name := range out {
			if to, ok := wildcardRename(name, p.From, p.To); ok {
				out[i] = to
			}
		}
	}
	return dedupStrings(out)
}

func dedupStrings(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// fillnull sets missing fields to the value (default 0). With no field list
// it fills every field present in at least one row of the results so far —
// Splunk fills fields that are "missing in a particular result but present
// in another result" (fillnull reference).
func fillnull(n *spl.FillnullCommand) applyFn {
	value := n.Value
	if value == "" {
		value = "0"
	}
	return func(_ *runCtx, f frame) (frame, error) {
		fields := n.Fields
		cols := f.cols
		if len(fields) == 0 {
			fields = f.cols
			if fields == nil {
				fields = unionColumns(f.rows)
			}
		}
		out := make([]event.Row, len(f.rows))
		for i, r := range f.rows {
			out[i] = fillRow(r, fields, value)
		}
		for _, name := range n.Fields {
			cols = addColumn(cols, name)
		}
		return frame{rows: out, cols: cols}, nil
	}
}

func fillRow(r event.Row, fields []string, value string) event.Row {
	var c event.Row
	for _, name := range fields {
		if r[name].Null() {
			if c == nil {
				c = r.Clone()
			}
			c[name] = event.Value{value}
		}
	}
	if c == nil {
		return r
	}
	return c
}

// fieldList compiles table, fields and dedup.
func (c *compiler) fieldList(n *spl.FieldListCommand) applyFn {
	switch n.Name {
	case "table":
		c.noOptions(n)
		return table(n.Fields)
	case "fields":
		c.noOptions(n)
		if n.Remove {
			return removeFields(n.Fields)
		}
		return keepFields(n.Fields)
	case "dedup":
		return c.dedup(n)
	}
	c.errs.unsupported(n.At, "command "+n.Name, "")
	return nil
}

func (c *compiler) noOptions(n *spl.FieldListCommand) {
	for _, o := range n.Options {
		c.errs.unsupported(o.At, n.Name+" option "+o.Key, "")
	}
}

// expandFields resolves a field list with wildcards against the names
// present, keeping list order and each name once.
func expandFields(list []string, present []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, want := range list {
		for _, name := range candidates(want, present) {
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	return out
}

func candidates(want string, present []string) []string {
	if !strings.Contains(want, "*") {
		return []string{want}
	}
	var out []string
	for _, name := range present {
		if _, ok := wildcardRename(name, want, want); ok {
			out = append(out, name)
		}
	}
	return out
}

// table keeps the listed fields, in list order, as the result columns.
func table(list []string) applyFn {
	return func(_ *runCtx, f frame) (frame, error) {
		cols := expandFields(list, presentNames(f))
		out := make([]event.Row, len(f.rows))
		for i, r := range f.rows {
			out[i] = project(r, cols)
		}
		return frame{rows: out, cols: cols}, nil
	}
}

func presentNames(f frame) []string {
	if f.cols != nil {
		return f.cols
	}
	return unionColumns(f.rows)
}

func project(r event.Row, cols []string) event.Row {
	p := make(event.Row, len(cols))
	for _, c := range cols {
		if v, ok := r[c]; ok {
			p[c] = v
		}
	}
	return p
}

// keepFields is `fields a b`: like table, but the internal fields _time
// and _raw stay unless removed explicitly (fields reference).
func keepFields(list []string) applyFn {
	return func(_ *runCtx, f frame) (frame, error) {
		names := presentNames(f)
		keep := expandFields(list, names)
		cols := keep
		if f.cols == nil {
			cols = nil
		}
		internal := []string{event.Time, event.Raw}
		out := make([]event.Row, len(f.rows))
		for i, r := range f.rows {
			p := project(r, keep)
			for _, k := range internal {
				if v, ok := r[k]; ok {
					p[k] = v
				}
			}
			out[i] = p
		}
		return frame{rows: out, cols: cols}, nil
	}
}

func removeFields(list []string) applyFn {
	return func(_ *runCtx, f frame) (frame, error) {
		drop := expandFields(list, presentNames(f))
		out := make([]event.Row, len(f.rows))
		for i, r := range f.rows {
			r = r.Clone()
			for _, d := range drop {
				delete(r, d)
			}
			out[i] = r
		}
		var cols []string
		if f.cols != nil {
			cols = without(f.cols, drop)
		}
		return frame{rows: out, cols: cols}, nil
	}
}

func without(cols, drop []string) []string {
	gone := map[string]bool{}
	for _, d := range drop {
		gone[d] = true
	}
	var out []string
	for _, c := range cols {
		if !gone[c] {
			out = append(out, c)
		}
	}
	return out
}
