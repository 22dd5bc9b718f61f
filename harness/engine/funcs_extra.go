package engine

import (
	"math"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// More of Splunk's eval functions (search reference, "Comparison and
// conditional", "Informational", "Mathematical", "Trig and hyperbolic"
// and "Multivalue eval functions"), used by add-ons' EVALs. The bitwise
// ones are in funcs_bitwise.go.
func init() {
	for k, v := range map[string]funcSpec{
		"nullif":   {2, 2, false, buildNullif},
		"validate": {2, -1, false, buildValidate},
		"isint":    {1, 1, true, unary(isInt)},
		"isbool":   {1, 1, true, unary(func(v val) val { return boolVal(v.k == kBool) })},
		"typeof":   {1, 1, false, unary(typeOf)},
		"exact":    {1, 1, false, unary(func(v val) val { return v })},
		"pi":       {0, 0, false, constant(numVal(math.Pi))},
		"mvrange":  {2, 3, false, buildMvrange},
		"acos":     {1, 1, false, unary(mathFn(math.Acos))},
		"acosh":    {1, 1, false, unary(mathFn(math.Acosh))},
		"asin":     {1, 1, false, unary(mathFn(math.Asin))},
		"asinh":    {1, 1, false, unary(mathFn(math.Asinh))},
		"atan":     {1, 1, false, unary(mathFn(math.Atan))},
		"atanh":    {1, 1, false, unary(mathFn(math.Atanh))},
		"cos":      {1, 1, false, unary(mathFn(math.Cos))},
		"cosh":     {1, 1, false, unary(mathFn(math.Cosh))},
		"sin":      {1, 1, false, unary(mathFn(math.Sin))},
		"sinh":     {1, 1, false, unary(mathFn(math.Sinh))},
		"tan":      {1, 1, false, unary(mathFn(math.Tan))},
		"tanh":     {1, 1, false, unary(mathFn(math.Tanh))},
		"atan2":    {2, 2, false, binaryMath(math.Atan2)},
		"hypot":    {2, 2, false, binaryMath(math.Hypot)},
	} {
		funcs[k] = v
	}
}

// buildNullif is nullif(X, Y): null when X equals Y (eval equality), else X.
func buildNullif(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		x, y := a[0](r), a[1](r)
		if anyEqual(x, y) {
			return nullVal
		}
		return x
	}
}

// buildValidate is validate(cond, msg, ...): the message of the first
// condition that is not true, null when all are.
func buildValidate(c *compiler, n *spl.Call, a []evalFn) evalFn {
	if len(a)%2 != 0 {
		c.errs.invalid(n.At, "function validate", "wants condition, message pairs")
	}
	return func(r event.Row) val {
		for i := 0; i+1 < len(a); i += 2 {
			if !a[i](r).truthy() {
				return a[i+1](r)
			}
		}
		return nullVal
	}
}

func isInt(v val) val {
	f, ok := v.num()
	if v.k == kMV || v.k == kBool || !ok {
		return falseVal
	}
	return boolVal(f == math.Trunc(f) && !strings.Contains(v.s, "."))
}

// typeOf names the value's type as Splunk's typeof does.
func typeOf(v val) val {
	switch v.k {
	case kNull:
		return strVal("Invalid")
	case kBool:
		return strVal("Boolean")
	case kNum:
		return strVal("Number")
	case kMV:
		return strVal("Multivalue")
	}
	if _, ok := event.ParseNumber(v.s); ok {
		return strVal("Number")
	}
	return strVal("String")
}

// buildMvrange is mvrange(start, end[, step]): numbers from start up to,
// not including, end.
func buildMvrange(c *compiler, n *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		start, ok1 := a[0](r).num()
		end, ok2 := a[1](r).num()
		step := 1.0
		if len(a) == 3 {
			step, _ = a[2](r).num()
		}
		if !ok1 || !ok2 || step <= 0 {
			return nullVal
		}
		var out []string
		for x := start; x < end && len(out) < 10000; x += step {
			out = append(out, event.FormatNumber(x))
		}
		return mvVal(out)
	}
}

func binaryMath(f func(x, y float64) float64) func(*compiler, *spl.Call, []evalFn) evalFn {
	return func(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
		return func(r event.Row) val {
			x, okX := a[0](r).num()
			y, okY := a[1](r).num()
			if !okX || !okY {
				return nullVal
			}
			return numVal(f(x, y))
		}
	}
}
