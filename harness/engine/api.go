package engine

import (
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// CompileEval compiles one eval expression (an add-on's EVAL- definition)
// into a function of an event. The result is the value eval would store:
// nil for null. Boolean expressions are rejected as eval rejects them.
func CompileEval(expr string) (func(event.Row) event.Value, error) {
	return CompileEvalEnv(expr, nil)
}

// CompileEvalEnv is CompileEval with the tables lookup() may read: an
// add-on's EVAL sees the lookups its own files define. A nil env has none.
func CompileEvalEnv(expr string, env *Env) (func(event.Row) event.Value, error) {
	x, err := spl.ParseEvalExpr(expr)
	if err != nil {
		return nil, err
	}
	if env == nil {
		env = &Env{}
	}
	e := &errs{}
	c := &compiler{env: env, errs: e}
	if isBoolExpr(x) {
		e.invalid(x.Position(), "eval expression", "a field cannot be assigned a boolean result")
	}
	f := c.expr(x)
	if err := e.list.Err(); err != nil {
		return nil, err
	}
	return func(r event.Row) event.Value { return f(r).toValue() }, nil
}

// CompileSearch compiles a search-command expression (an eventtype's
// search, a data-model constraint) into a predicate on events.
func CompileSearch(expr string) (func(event.Row) bool, error) {
	x, err := spl.ParseSearchExpr(expr)
	if err != nil {
		return nil, err
	}
	e := &errs{}
	m := compileSearch(x, e)
	if err := e.list.Err(); err != nil {
		return nil, err
	}
	return m, nil
}
