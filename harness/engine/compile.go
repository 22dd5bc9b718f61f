package engine

import (
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// Compile turns a parsed query into a Program. Every unsupported command,
// option or function is reported (all of them, sorted by position) as an
// ErrorList; nothing is skipped silently.
func Compile(q *spl.Query, env *Env) (*Program, error) {
	if env == nil {
		env = &Env{}
	}
	e := &errs{}
	c := &compiler{env: env, errs: e}
	e.subsearch = c.subQuery
	p := &Program{}
	for i, cmd := range q.Commands {
		s, ok := c.command(cmd, i == 0, p)
		if ok {
			p.stages = append(p.stages, s)
		}
	}
	if len(q.Commands) == 0 {
		e.invalid(0, "query", "empty")
	}
	if err := e.list.Err(); err != nil {
		return nil, err
	}
	if c.readsClock {
		p.clock = &replayClock{q: q, env: env}
	}
	return p, nil
}

// command compiles one pipeline stage; first says whether it generates
// events (a leading search reads the dataset).
func (c *compiler) command(cmd spl.Command, first bool, p *Program) (stage, bool) {
	st := stage{name: cmd.CommandName(), pos: cmd.Position()}
	if first {
		switch n := cmd.(type) {
		case *spl.SearchCommand:
			st.apply = sourceSearch(compileSearchTree(n.Expr, c.errs))
			return st, true
		case *spl.TstatsCommand:
			st.apply = c.tstats(n, p)
			return st, st.apply != nil
		}
		if st.apply = c.generating(cmd); st.apply != nil {
			return st, true
		}
		if g, ok := cmd.(*spl.GenericCommand); ok && (g.Name == "from" || g.Name == "inputlookup" || g.Name == "makeresults") {
			return st, false // already reported
		}
		c.unsupportedCommand(cmd, cmd.CommandName(), "as the first command")
		return st, false
	}
	st.apply = c.streaming(cmd)
	return st, st.apply != nil
}

// streaming compiles a command that transforms the rows before it.
func (c *compiler) streaming(cmd spl.Command) func(*runCtx, frame) (frame, error) {
	switch n := cmd.(type) {
	case *spl.SearchCommand:
		return searchFilter(compileSearchTree(n.Expr, c.errs))
	case *spl.WhereCommand:
		if notBoolean(n.Expr) {
			c.errs.invalid(n.Expr.Position(), "command where", "the expression must be boolean")
		}
		f := c.expr(n.Expr)
		return filter(func(r event.Row) bool { return f(r).truthy() })
	case *spl.EvalCommand:
		return c.eval(n)
	case *spl.StatsCommand:
		return c.stats(n)
	case *spl.RenameCommand:
		return c.rename(n)
	case *spl.FillnullCommand:
		return fillnull(n)
	case *spl.ConvertCommand:
		return c.convert(n)
	case *spl.FieldListCommand:
		return c.fieldList(n)
	case *spl.GenericCommand:
		return c.generic(n)
	case *spl.TstatsCommand:
		c.errs.unsupported(n.At, "command tstats", "only as the first command")
		return nil
	}
	c.unsupportedCommand(cmd, cmd.CommandName(), "")
	return nil
}

// sourceSearch filters the dataset through its columns.
func sourceSearch(tree *snode) func(*runCtx, frame) (frame, error) {
	sub := tree.hasSub()
	return func(rc *runCtx, _ frame) (frame, error) {
		if tree == allNode {
			return frame{rows: rc.ds.rows}, nil
		}
		t := tree
		if sub {
			var err error
			if t, err = tree.bind(rc); err != nil {
				return frame{}, err
			}
		}
		m := t.indexMatcher(rc.ds.column)
		out := make([]event.Row, 0, len(rc.ds.rows)/4)
		for i, r := range rc.ds.rows {
			if m(i) {
				out = append(out, r)
			}
		}
		return frame{rows: out}, nil
	}
}

// searchFilter is a later search command; a subsearch in it is run once
// per Run.
func searchFilter(tree *snode) func(*runCtx, frame) (frame, error) {
	if !tree.hasSub() {
		return filter(tree.rowMatcher())
	}
	return func(rc *runCtx, f frame) (frame, error) {
		t, err := tree.bind(rc)
		if err != nil {
			return frame{}, err
		}
		return filter(t.rowMatcher())(rc, f)
	}
}

func filter(m matcher) func(*runCtx, frame) (frame, error) {
	return func(_ *runCtx, f frame) (frame, error) {
		return frame{rows: filterRows(f.rows, m), cols: f.cols}, nil
	}
}

func filterRows(rows []event.Row, m matcher) []event.Row {
	out := make([]event.Row, 0, len(rows)/4)
	for _, r := range rows {
		if m(r) {
			out = append(out, r)
		}
	}
	return out
}
