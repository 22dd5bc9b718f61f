package engine

import (
	"math"
	"strings"
	"sync"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

func init() {
	for k, v := range map[string]funcSpec{
		"sqrt":  {1, 1, false, unary(mathFn(math.Sqrt))},
		"exp":   {1, 1, false, unary(mathFn(math.Exp))},
		"ln":    {1, 1, false, unary(mathFn(math.Log))},
		"log":   {1, 2, false, buildLog},
		"pow":   {2, 2, false, binaryMath(math.Pow)},
		"mvzip": {2, 3, false, buildMvzip},
		"mvmap": {2, 2, false, buildMvmap},
	} {
		funcs[k] = v
	}
}

// buildLog is log(X[, base]) with base 10 by default.
func buildLog(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		x, ok := a[0](r).num()
		if !ok || x <= 0 {
			return nullVal
		}
		if len(a) == 1 {
			return numVal(math.Log10(x))
		}
		base, ok := a[1](r).num()
		if !ok {
			return nullVal
		}
		return numVal(math.Log(x) / math.Log(base))
	}
}

// buildMvzip pairs the values of two multivalues with a delimiter
// (default ","), stopping at the shorter.
func buildMvzip(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		x, y := a[0](r).items(), a[1](r).items()
		delim := ","
		if len(a) > 2 {
			var ok bool
			if delim, ok = a[2](r).str(); !ok {
				return nullVal
			}
		}
		n := min(len(x), len(y))
		if n == 0 {
			return nullVal
		}
		out := make([]string, n)
		for i := range out {
			out[i] = x[i] + delim + y[i]
		}
		return mvVal(out)
	}
}

// buildMvmap is mvmap(X, expr): expr evaluated once per value of field X,
// with X holding that value.
func buildMvmap(c *compiler, n *spl.Call, a []evalFn) evalFn {
	ref, ok := n.Args[0].(*spl.FieldRef)
	if !ok {
		c.errs.unsupported(n.At, "function mvmap", "the first argument must be a field")
		return func(event.Row) val { return nullVal }
	}
	field, expr := ref.Name, a[1]
	return func(r event.Row) val {
		var out []string
		for _, s := range r[field] {
			one := r.Clone()
			one[field] = event.Value{s}
			out = append(out, expr(one).items()...)
		}
		return mvVal(out)
	}
}

// dynamicRegexp compiles regexes that are only known when the row is seen
// (a field or expression as the pattern), caching them per program; a bad
// pattern gives null for that row.
type dynamicRegexp struct{ cache sync.Map }

func (d *dynamicRegexp) get(pattern string) *rx {
	if re, ok := d.cache.Load(pattern); ok {
		return re.(*rx)
	}
	re, err := compileRx(pattern)
	if err != nil {
		return nil
	}
	d.cache.Store(pattern, re)
	return re
}

// regexArg returns the regex for argument i: compiled now when it is a
// literal, per row otherwise.
func (c *compiler) regexArg(n *spl.Call, a []evalFn, i int) func(event.Row) *rx {
	if lit, ok := n.Args[i].(*spl.Literal); ok && lit.Kind == spl.LitString {
		re := c.literalRegexp(n, i)
		return func(event.Row) *rx { return re }
	}
	d := &dynamicRegexp{}
	return func(r event.Row) *rx {
		p, ok := a[i](r).str()
		if !ok || strings.TrimSpace(p) == "" && p != "" {
			return nil
		}
		return d.get(p)
	}
}
