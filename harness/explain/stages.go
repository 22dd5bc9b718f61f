package explain

import (
	"fmt"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// tstatsJudge explains a data-model tstats: an event must meet the
// node's constraints (and its ancestors'), then the where clause on its
// projected row, then (without fillnull_value) have every by-field set.
func tstatsJudge(n *spl.TstatsCommand, env *engine.Env) (rowJudge, error) {
	if env == nil || env.Datamodels == nil {
		return nil, fmt.Errorf("no data models to explain tstats with")
	}
	// The dataset tstats reads: datamodel=X.Node, or a where nodename=.
	node, err := engine.TstatsNode(env, n)
	if err != nil {
		return nil, err
	}
	project, err := engine.NodeProjection(env, n.Datamodel, node)
	if err != nil {
		return nil, err
	}
	constraints, err := nodeConstraints(env, n.Datamodel, node)
	if err != nil {
		return nil, err
	}
	where, err := compileCond(n.Where, "")
	if err != nil {
		return nil, err
	}
	fill := hasOption(n.Options, "fillnull_value")
	return func(r event.Row) []Failure {
		row, _ := project(r)
		var out []Failure
		for _, c := range constraints {
			out = append(out, c.failures(r)...)
		}
		out = append(out, where.failures(row)...)
		if !fill {
			out = append(out, nullBy(n.By, row)...)
		}
		return out
	}, nil
}

// nodeConstraints compiles the constraint of each dataset of the node's
// lineage, scoped so a report says which one an event missed.
func nodeConstraints(env *engine.Env, model, node string) ([]*cond, error) {
	nd, err := env.Datamodels.Node(model, node)
	if err != nil {
		return nil, err
	}
	var out []*cond
	for _, x := range nd.Lineage() {
		if x.Constraint == "" {
			continue
		}
		expr, err := spl.ParseSearchExpr(x.Constraint)
		if err != nil {
			return nil, err
		}
		c, err := compileCond(expr, "data model "+model+"."+x.Name+" constraint")
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func hasOption(opts []spl.Option, key string) bool {
	for _, o := range opts {
		if o.Key == key {
			return true
		}
	}
	return false
}

// nullBy lists by-fields that are null in r: stats and tstats drop such
// rows (tstats keeps them with fillnull_value).
func nullBy(by []spl.ByField, r event.Row) []Failure {
	var out []Failure
	for _, b := range by {
		if r.Get(b.Name).Null() {
			out = append(out, Failure{Condition: "by " + b.Name, Field: b.Name, Kind: ByFieldNull, Similar: similarField(b.Name, r)})
		}
	}
	return out
}

// statsJudge explains a stats that returned nothing from rows: each row
// lacked a by-field. eventstats and streamstats never drop rows.
func statsJudge(n *spl.StatsCommand) rowJudge {
	if n.Name != "stats" || len(n.By) == 0 {
		return nil
	}
	return func(r event.Row) []Failure { return nullBy(n.By, r) }
}

// whereJudge splits a where expression into its top-level AND terms and
// evaluates each with the engine's eval semantics.
func whereJudge(x spl.Expr, env *engine.Env) (rowJudge, error) {
	type term struct {
		x    spl.Expr
		eval func(event.Row) (bool, bool)
	}
	var terms []term
	for _, t := range conjuncts(x) {
		f, err := engine.CompileCondition(t, env)
		if err != nil {
			return nil, err
		}
		terms = append(terms, term{t, f})
	}
	return func(r event.Row) []Failure {
		var out []Failure
		for _, t := range terms {
			keep, null := t.eval(r)
			if keep {
				continue
			}
			out = append(out, whereFailure(t.x, r, null))
		}
		return out
	}, nil
}

func conjuncts(x spl.Expr) []spl.Expr {
	if b, ok := x.(*spl.Binary); ok && b.Op == "AND" {
		return append(conjuncts(b.L), conjuncts(b.R)...)
	}
	return []spl.Expr{x}
}

// whereFailure names the condition and the first field it reads, with
// that field's value (or its absence).
func whereFailure(x spl.Expr, r event.Row, null bool) Failure {
	f := Failure{Condition: spl.ExprString(x), Want: spl.ExprString(x), Kind: WhereFalse}
	if null {
		f.Kind = WhereNull
	}
	if name := firstField(x); name != "" {
		f.Field = name
		if v := r.Get(name); v.Null() {
			f.Kind = MissingField
		} else {
			f.Got = shorten(v)
		}
	}
	return f
}

func firstField(x spl.Expr) string {
	switch n := x.(type) {
	case *spl.FieldRef:
		return n.Name
	case *spl.Binary:
		if f := firstField(n.L); f != "" {
			return f
		}
		return firstField(n.R)
	case *spl.Unary:
		return firstField(n.X)
	case *spl.Call:
		for _, a := range n.Args {
			if f := firstField(a); f != "" {
				return f
			}
		}
	case *spl.InList:
		return firstField(n.X)
	}
	return ""
}
