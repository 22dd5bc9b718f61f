package engine

import (
	"fmt"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// This file exposes the engine's own matching semantics, piece by piece,
// for explain-style tooling: it breaks a search into its conditions and
// must judge each exactly as a run would.

// CompileSearchExpr compiles a search-command expression (typically one
// leaf: a comparison, an IN list, a bare term) into a predicate with the
// same semantics as the search command. Subsearches cannot be evaluated
// outside a run and are reported as unsupported.
func CompileSearchExpr(x spl.SearchExpr) (func(event.Row) bool, error) {
	e := &errs{}
	m := compileSearch(x, e)
	if err := e.list.Err(); err != nil {
		return nil, err
	}
	return m, nil
}

// CompileCondition compiles a where-command expression. The predicate
// returns whether `where` keeps the row and whether the expression was
// null (a comparison with a missing field), which where also drops.
func CompileCondition(x spl.Expr, env *Env) (func(event.Row) (keep, null bool), error) {
	e := &errs{}
	c := &compiler{env: orEmptyEnv(env), errs: e}
	f := c.expr(x)
	if err := e.list.Err(); err != nil {
		return nil, err
	}
	return func(r event.Row) (bool, bool) {
		v := f(r)
		return v.truthy(), v.isNull()
	}, nil
}

// NodeProjection returns how tstats sees an event through a data-model
// node: whether it meets the constraints of the node and its ancestors,
// and its row with _time, host, source, sourcetype and every field the
// node and its ancestors define, by qualified name (calculated fields evaluated).
func NodeProjection(env *Env, model, node string) (func(event.Row) (event.Row, bool), error) {
	e := &errs{}
	c := &compiler{env: orEmptyEnv(env), errs: e}
	p := c.projector(0, model, node)
	if err := e.list.Err(); err != nil {
		return nil, err
	}
	return func(r event.Row) (event.Row, bool) {
		out := make(event.Row, len(p.copy)+len(projectedMeta))
		for _, m := range projectedMeta {
			if v := r[m]; v != nil {
				out[m] = v
			}
		}
		for _, fc := range p.copy {
			if v := fc.value(r); v != nil {
				out[fc.to] = v
			}
		}
		if v := p.nodenames(r); v != nil {
			out[nodenameField] = v
		}
		return out, p.match(r)
	}, nil
}

// TstatsNode names the dataset of n.Datamodel that tstats reads, as
// resolved by the engine: the one a top-level `where nodename=<path>`
// selects, else the one datamodel= names, else the model's only root. It
// is an error when the command reads several root datasets or names none
// of a multi-root model's roots.
func TstatsNode(env *Env, n *spl.TstatsCommand) (string, error) {
	e := &errs{}
	c := &compiler{env: orEmptyEnv(env), errs: e}
	nodes := c.tstatsDatasets(n)
	if err := e.list.Err(); err != nil {
		return "", err
	}
	if len(nodes) != 1 || nodes[0] == nil {
		return "", fmt.Errorf("tstats reads %d datasets of %s; explain handles one", len(nodes), n.Datamodel)
	}
	return nodes[0].Name, nil
}

func orEmptyEnv(env *Env) *Env {
	if env == nil {
		return &Env{}
	}
	return env
}
