package engine

import (
	"math"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// evalFn is a compiled eval expression.
type evalFn func(event.Row) val

// compiler carries what expression compilation needs: the environment (for
// now()) and the error collector.
type compiler struct {
	env  *Env
	errs *errs
	// readsClock: an expression read the search's time (now(), time())
	// with Env.Now zero, so Compile binds it to each run's replay now.
	readsClock bool
}

func (c *compiler) expr(x spl.Expr) evalFn {
	switch n := x.(type) {
	case *spl.Literal:
		return c.literal(n)
	case *spl.FieldRef:
		name := n.Name
		return func(r event.Row) val { return fromValue(r[name]) }
	case *spl.Call:
		return c.call(n)
	case *spl.Binary:
		return c.binary(n)
	case *spl.Unary:
		return c.unary(n)
	case *spl.InList:
		return c.inList(n)
	}
	c.errs.invalid(x.Position(), "expression", "unknown node")
	return func(event.Row) val { return nullVal }
}

func (c *compiler) literal(n *spl.Literal) evalFn {
	var v val
	switch n.Kind {
	case spl.LitString:
		v = strVal(n.Value)
	case spl.LitNumber:
		f, ok := event.ParseNumber(n.Value)
		if !ok {
			c.errs.invalid(n.At, "number "+n.Value, "")
		}
		v = numVal(f)
	case spl.LitBool:
		v = boolVal(strings.EqualFold(n.Value, "true"))
	}
	return func(event.Row) val { return v }
}

func (c *compiler) unary(n *spl.Unary) evalFn {
	x := c.expr(n.X)
	switch strings.ToUpper(n.Op) {
	case "NOT", "!":
		return func(r event.Row) val {
			v := x(r)
			if v.k != kBool {
				return nullVal
			}
			return boolVal(!v.b)
		}
	case "-":
		return func(r event.Row) val {
			if f, ok := x(r).num(); ok {
				return numVal(-f)
			}
			return nullVal
		}
	case "+":
		return x
	}
	c.errs.unsupported(n.At, "operator "+n.Op, "")
	return x
}

func (c *compiler) binary(n *spl.Binary) evalFn {
	l, r := c.expr(n.L), c.expr(n.R)
	op := strings.ToUpper(n.Op)
	switch op {
	case "AND", "OR", "XOR":
		return logical(op, l, r)
	case "=", "==", "!=", "<", "<=", ">", ">=":
		return comparison(op, l, r)
	case "+", "-", "*", "/", "%":
		return arithmetic(op, l, r)
	case ".":
		return concat(l, r)
	case "LIKE":
		return likeOp(l, r)
	}
	c.errs.unsupported(n.At, "operator "+n.Op, "")
	return func(event.Row) val { return nullVal }
}

// logical is three-valued: a null operand (a comparison involving a missing
// field) yields null unless the other operand decides the result.
func logical(op string, l, r evalFn) evalFn {
	return func(row event.Row) val {
		a := l(row)
		if op == "AND" && a.k == kBool && !a.b {
			return falseVal
		}
		if op == "OR" && a.truthy() {
			return trueVal
		}
		b := r(row)
		switch {
		case op == "AND" && b.k == kBool && !b.b:
			return falseVal
		case op == "OR" && b.truthy():
			return trueVal
		case a.k != kBool || b.k != kBool:
			return nullVal
		case op == "XOR":
			return boolVal(a.b != b.b)
		}
		return boolVal(op == "AND")
	}
}

// comparison compares numerically when both sides are numbers, otherwise as
// case-sensitive strings (eval `=` is exact, unlike search). A multivalue
// side compares true when any of its values does. Null compares to null.
func comparison(op string, l, r evalFn) evalFn {
	return func(row event.Row) val {
		a, b := l(row), r(row)
		if a.isNull() || b.isNull() || a.k == kBool || b.k == kBool {
			if a.k == kBool && b.k == kBool && (op == "=" || op == "==" || op == "!=") {
				return boolVal((a.b == b.b) == (op != "!="))
			}
			return nullVal
		}
		return boolVal(anyHolds(normOp(op), a, b))
	}
}

func anyHolds(op string, a, b val) bool {
	if a.k != kMV && b.k != kMV { // the common case, without itemVals' slices
		return orderHolds(op, compareVals(a, b))
	}
	for _, x := range a.itemVals() {
		for _, y := range b.itemVals() {
			if orderHolds(op, compareVals(x, y)) {
				return true
			}
		}
	}
	return false
}

// inSet is an IN list of literals as sets: the numeric ones by value,
// the others by text. Equality with them is then a lookup: compareVals
// compares numbers when both sides read as numbers and text otherwise,
// and a value that reads as a number never equals text that does not.
// Add-on EVALs test case(EventCode IN (1, 8, 10), ...) on every event.
type inSet struct {
	nums  map[float64]bool
	texts map[string]bool
}

// literalSet is the list's inSet, or nil when an element is not a string
// or number literal.
func literalSet(list []spl.Expr) *inSet {
	set := &inSet{nums: map[float64]bool{}, texts: map[string]bool{}}
	for _, e := range list {
		lit, ok := e.(*spl.Literal)
		if !ok || lit.Kind == spl.LitBool {
			return nil
		}
		v := strVal(lit.Value)
		if lit.Kind == spl.LitNumber {
			f, ok := event.ParseNumber(lit.Value)
			if !ok {
				return nil
			}
			v = numVal(f)
		}
		if f, isNum := v.num(); isNum {
			set.nums[f] = true
		} else {
			set.texts[lit.Value] = true
		}
	}
	return set
}

func (s *inSet) holds(v val) bool {
	for _, item := range v.itemVals() {
		if f, ok := item.num(); ok {
			if s.nums[f] {
				return true
			}
			continue
		}
		if t, _ := item.str(); s.texts[t] {
			return true
		}
	}
	return false
}

func anyEqual(a, b val) bool {
	if a.isNull() || b.isNull() || a.k == kBool || b.k == kBool {
		return false
	}
	return anyHolds("=", a, b)
}

func normOp(op string) string {
	if op == "==" {
		return "="
	}
	return op
}

// itemVals splits a multivalue into single values; others stay whole.
func (v val) itemVals() []val {
	if v.k != kMV {
		return []val{v}
	}
	out := make([]val, len(v.mv))
	for i, s := range v.mv {
		out[i] = strVal(s)
	}
	return out
}

func compareVals(a, b val) int {
	if x, ok := a.num(); ok {
		if y, ok := b.num(); ok {
			return cmpFloat(x, y)
		}
	}
	s, _ := a.str()
	t, _ := b.str()
	return strings.Compare(s, t)
}

func arithmetic(op string, l, r evalFn) evalFn {
	return func(row event.Row) val {
		a, b := l(row), r(row)
		x, okA := a.num()
		y, okB := b.num()
		if !okA || !okB {
			if op == "+" && a.k == kStr && b.k == kStr {
				return strVal(a.s + b.s) // + concatenates two strings
			}
			return nullVal
		}
		switch op {
		case "+":
			return numVal(x + y)
		case "-":
			return numVal(x - y)
		case "*":
			return numVal(x * y)
		case "/":
			if y == 0 {
				return nullVal
			}
			return numVal(x / y)
		}
		if y == 0 {
			return nullVal
		}
		return numVal(math.Mod(x, y))
	}
}

// concat is the `.` operator: text of both sides; null if either is null.
func concat(l, r evalFn) evalFn {
	return func(row event.Row) val {
		a, okA := l(row).str()
		b, okB := r(row).str()
		if !okA || !okB {
			return nullVal
		}
		return strVal(a + b)
	}
}

func likeOp(l, r evalFn) evalFn {
	return func(row event.Row) val {
		s, ok := l(row).str()
		p, okP := r(row).str()
		if !ok || !okP {
			return nullVal
		}
		return boolVal(likeMatch(s, p))
	}
}

func (c *compiler) inList(n *spl.InList) evalFn {
	x := c.expr(n.X)
	if set := literalSet(n.List); set != nil {
		return func(row event.Row) val {
			v := x(row)
			if v.isNull() {
				return nullVal
			}
			if v.k != kBool && set.holds(v) {
				return boolVal(!n.Not)
			}
			return boolVal(n.Not)
		}
	}
	list := make([]evalFn, len(n.List))
	for i, e := range n.List {
		list[i] = c.expr(e)
	}
	return func(row event.Row) val {
		v := x(row)
		if v.isNull() {
			return nullVal
		}
		for _, e := range list {
			if anyEqual(v, e(row)) {
				return boolVal(!n.Not)
			}
		}
		return boolVal(n.Not)
	}
}
