package engine

import (
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// Add-ons map codes to names with long case() chains on one field
// (case(EventID=1, "Process Create", EventID=2, ...)), evaluated for every
// event. caseSwitch compiles such a chain into a lookup of the field's
// value: one map access instead of a comparison per branch. It keeps the
// chain's meaning exactly: eval equality (numeric when both sides are
// numbers, else text), any value of a multivalue field matches, the first
// matching branch wins, and a final true() branch is the default.

// caseSwitch returns the switch for a chain of that shape; ok is false
// for any other case() (it then runs as a chain).
func caseSwitch(n *spl.Call, a []evalFn) (evalFn, bool) {
	if len(a)%2 != 0 {
		return nil, false
	}
	field := ""
	nums, strs := map[float64]int{}, map[string]int{}
	def, literals := -1, 0
	for i := 0; i < len(n.Args); i += 2 {
		if isTrueCall(n.Args[i]) && i == len(n.Args)-2 {
			def = i + 1
			continue
		}
		f, lits, ok := fieldLiterals(n.Args[i])
		if !ok || (field != "" && f != field) {
			return nil, false
		}
		field = f
		for _, lit := range lits {
			if x, isNum := event.ParseNumber(lit); isNum {
				keepFirst(nums, x, i+1)
			} else {
				keepFirst(strs, lit, i+1)
			}
		}
		literals += len(lits)
	}
	if literals < 3 { // a short chain gains nothing
		return nil, false
	}
	return func(r event.Row) val {
		best := -1
		for _, s := range r[field] {
			at, ok := branchFor(s, nums, strs)
			if ok && (best < 0 || at < best) {
				best = at
			}
		}
		switch {
		case best >= 0:
			return a[best](r)
		case def >= 0:
			return a[def](r)
		}
		return nullVal
	}, true
}

// branchFor: a numeric value equals numeric literals only, a text value
// text literals only (compareVals' rule).
func branchFor(s string, nums map[float64]int, strs map[string]int) (int, bool) {
	if x, ok := event.ParseNumber(s); ok {
		at, found := nums[x]
		return at, found
	}
	at, found := strs[s]
	return at, found
}

func keepFirst[K comparable](m map[K]int, k K, at int) {
	if _, seen := m[k]; !seen {
		m[k] = at
	}
}

// fieldLiterals reads `F = literal`, `literal = F` or `F IN (literal,
// ...)`: the values that select the branch.
func fieldLiterals(x spl.Expr) (field string, lits []string, ok bool) {
	in, isIn := x.(*spl.InList)
	if !isIn {
		f, lit, ok := fieldEqualsLiteral(x)
		return f, []string{lit}, ok
	}
	f, isField := in.X.(*spl.FieldRef)
	if in.Not || !isField || len(in.List) == 0 {
		return "", nil, false
	}
	for _, e := range in.List {
		l, isLit := e.(*spl.Literal)
		if !isLit || !switchable(l) {
			return "", nil, false
		}
		lits = append(lits, l.Value)
	}
	return f.Name, lits, true
}

// switchable: a string literal, or a number literal Splunk reads as one.
func switchable(l *spl.Literal) bool {
	if l.Kind == spl.LitNumber {
		_, ok := event.ParseNumber(l.Value)
		return ok
	}
	return l.Kind == spl.LitString
}

// fieldEqualsLiteral reads `F = literal` or `literal = F` (= or ==).
func fieldEqualsLiteral(x spl.Expr) (field, lit string, ok bool) {
	b, isBin := x.(*spl.Binary)
	if !isBin || (b.Op != "=" && b.Op != "==") {
		return "", "", false
	}
	f, isField := b.L.(*spl.FieldRef)
	l, isLit := b.R.(*spl.Literal)
	if !isField || !isLit {
		f, isField = b.R.(*spl.FieldRef)
		l, isLit = b.L.(*spl.Literal)
	}
	if !isField || !isLit || !switchable(l) {
		return "", "", false
	}
	return f.Name, l.Value, true
}

func isTrueCall(x spl.Expr) bool {
	c, ok := x.(*spl.Call)
	return ok && c.Func == "true" && len(c.Args) == 0
}
