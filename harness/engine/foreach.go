package engine

import (
	"strings"

	"github.com/dactest/dactest/harness/spl"
)

// foreach runs an eval template once per field matching the wildcard list,
// with <<FIELD>> replaced by the field name and <<MATCHSTR>> by the part
// the wildcard matched (foreach reference). Only eval templates are
// supported. The fields are those present when the command runs.
func (c *compiler) foreach(n *spl.GenericCommand) applyFn {
	var patterns []string
	for _, a := range splitArgs(argsBeforeSubsearch(n)) {
		if a.Key != "" {
			c.errs.unsupported(a.At, "foreach option "+a.Key, "")
			continue
		}
		patterns = append(patterns, a.Value)
	}
	if len(n.Subsearches) != 1 || len(patterns) == 0 {
		c.errs.invalid(n.At, "command foreach", "needs fields and one [template]")
		return nil
	}
	var tmpl []*spl.EvalCommand
	for _, cmd := range n.Subsearches[0].Commands {
		ev, ok := cmd.(*spl.EvalCommand)
		if !ok {
			c.errs.unsupported(cmd.Position(), "foreach template command "+cmd.CommandName(), "only eval")
			return nil
		}
		tmpl = append(tmpl, ev)
		c.eval(substEval(ev, "x", "x")) // report unsupported functions now
	}
	env := c.env
	return func(rc *runCtx, f frame) (frame, error) {
		for _, name := range presentNames(f) {
			match, ok := foreachMatch(name, patterns)
			if !ok {
				continue
			}
			for _, ev := range tmpl {
				sub := &compiler{env: env, errs: &errs{}}
				apply := sub.eval(substEval(ev, name, match))
				var err error
				if f, err = apply(rc, f); err != nil {
					return frame{}, err
				}
			}
		}
		return f, nil
	}
}

// foreachMatch reports whether a (non-internal) field matches a pattern and
// what the wildcard matched.
func foreachMatch(name string, patterns []string) (string, bool) {
	if strings.HasPrefix(name, "_") {
		return "", false
	}
	for _, p := range patterns {
		if m, ok := wildcardRename(name, p, "*"); ok {
			return m, true
		}
	}
	return "", false
}

func substText(s, field, match string) string {
	s = strings.ReplaceAll(s, "<<FIELD>>", field)
	return strings.ReplaceAll(s, "<<MATCHSTR>>", match)
}

// substEval copies an eval command with the placeholders replaced.
func substEval(ev *spl.EvalCommand, field, match string) *spl.EvalCommand {
	out := &spl.EvalCommand{At: ev.At}
	for _, a := range ev.Assignments {
		out.Assignments = append(out.Assignments, spl.Assignment{
			At: a.At, Field: substText(a.Field, field, match), Expr: substExpr(a.Expr, field, match)})
	}
	return out
}

func substExpr(x spl.Expr, field, match string) spl.Expr {
	switch n := x.(type) {
	case *spl.FieldRef:
		return &spl.FieldRef{At: n.At, Name: substText(n.Name, field, match)}
	case *spl.Literal:
		return &spl.Literal{At: n.At, Kind: n.Kind, Value: substText(n.Value, field, match)}
	case *spl.Call:
		args := make([]spl.Expr, len(n.Args))
		for i, a := range n.Args {
			args[i] = substExpr(a, field, match)
		}
		return &spl.Call{At: n.At, Func: n.Func, Args: args}
	case *spl.Binary:
		return &spl.Binary{At: n.At, Op: n.Op, L: substExpr(n.L, field, match), R: substExpr(n.R, field, match)}
	case *spl.Unary:
		return &spl.Unary{At: n.At, Op: n.Op, X: substExpr(n.X, field, match)}
	case *spl.InList:
		list := make([]spl.Expr, len(n.List))
		for i, e := range n.List {
			list[i] = substExpr(e, field, match)
		}
		return &spl.InList{At: n.At, X: substExpr(n.X, field, match), List: list, Not: n.Not}
	}
	return x
}
