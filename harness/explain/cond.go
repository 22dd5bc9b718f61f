package explain

import (
	"strings"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// cond is a search expression broken into its boolean structure, with
// each leaf compiled by the engine so it matches exactly as a run does.
type cond struct {
	op    byte // 'A' and, 'O' or, 'N' not, 'L' leaf, 'S' subsearch (not evaluable here)
	kids  []*cond
	leaf  spl.SearchExpr
	match func(event.Row) bool
	scope string
	text  string // the condition as SPL, printed once
}

func compileCond(x spl.SearchExpr, scope string) (*cond, error) {
	switch n := x.(type) {
	case nil:
		return &cond{op: 'A'}, nil
	case *spl.SearchAnd:
		return compileKids('A', n.Terms, scope)
	case *spl.SearchOr:
		return compileKids('O', n.Terms, scope)
	case *spl.SearchNot:
		k, err := compileCond(n.X, scope)
		if err != nil {
			return nil, err
		}
		return &cond{op: 'N', kids: []*cond{k}, leaf: n, scope: scope, text: spl.SearchString(n)}, nil
	case *spl.SearchSubsearch:
		return &cond{op: 'S', leaf: n, scope: scope}, nil
	}
	m, err := engine.CompileSearchExpr(x)
	if err != nil {
		return nil, err
	}
	return &cond{op: 'L', leaf: x, match: m, scope: scope, text: spl.SearchString(x)}, nil
}

func compileKids(op byte, xs []spl.SearchExpr, scope string) (*cond, error) {
	c := &cond{op: op}
	for _, x := range xs {
		k, err := compileCond(x, scope)
		if err != nil {
			return nil, err
		}
		c.kids = append(c.kids, k)
	}
	return c, nil
}

// failures lists the leaves that keep r from matching: every failing term
// of an AND, an OR that fails as a whole with every alternative's failed
// leaves (a Splunk user reading `a=1 OR b=2` wants both values, not the
// one a heuristic picked), and a NOT whose operand matched. A subsearch is
// taken as met: its rows only exist inside a run.
func (c *cond) failures(r event.Row) []Failure {
	switch c.op {
	case 'L':
		if c.match(r) {
			return nil
		}
		return []Failure{leafFailure(c, r)}
	case 'N':
		if len(c.kids[0].failures(r)) > 0 {
			return nil
		}
		return []Failure{{Condition: c.text, Kind: NegationMatch, Scope: c.scope}}
	case 'A':
		var out []Failure
		for _, k := range c.kids {
			out = append(out, k.failures(r)...)
		}
		return out
	case 'O':
		alts := make([][]Failure, 0, len(c.kids))
		for _, k := range c.kids {
			f := k.failures(r)
			if len(f) == 0 {
				return nil
			}
			alts = append(alts, f)
		}
		return []Failure{{Condition: c.orText(), Kind: NoAlternative, Scope: c.scope, Alternatives: alts}}
	}
	return nil
}

// orText prints an OR from its alternatives' text.
func (c *cond) orText() string {
	parts := make([]string, len(c.kids))
	for i, k := range c.kids {
		parts[i] = k.condText()
	}
	return strings.Join(parts, " OR ")
}

func (c *cond) condText() string {
	switch c.op {
	case 'O':
		return "(" + c.orText() + ")"
	case 'A':
		parts := make([]string, len(c.kids))
		for i, k := range c.kids {
			parts[i] = k.condText()
		}
		return "(" + strings.Join(parts, " ") + ")"
	case 'S':
		return spl.SearchString(c.leaf)
	}
	return c.text
}

// leafFailure says why one comparison, IN list or term failed on r.
func leafFailure(c *cond, r event.Row) Failure {
	f := Failure{Condition: c.text, Scope: c.scope}
	switch n := c.leaf.(type) {
	case *spl.SearchCompare:
		f.Field, f.Want = n.Field, n.Op+n.Value
		if n.Op == "=" {
			f.Want = n.Value
		}
	case *spl.SearchIn:
		f.Field, f.Want = n.Field, "IN ("+strings.Join(n.Values, ", ")+")"
	case *spl.SearchTerm:
		f.Field, f.Kind, f.Want = event.Raw, TermAbsent, n.Text
		return f
	}
	v := r.Get(f.Field)
	if v.Null() {
		f.Kind, f.Similar = MissingField, similarField(f.Field, r)
		return f
	}
	f.Kind, f.Got = ValueDiffers, shorten(v)
	return f
}

// shorten keeps reports readable: at most 5 values of 200 characters.
func shorten(v event.Value) []string {
	var out []string
	for i, s := range v {
		if i == 5 {
			out = append(out, "…")
			break
		}
		if len(s) > 200 {
			s = s[:200] + "…"
		}
		out = append(out, s)
	}
	return out
}

func searchJudge(x spl.SearchExpr, scope string) (rowJudge, error) {
	c, err := compileCond(x, scope)
	if err != nil {
		return nil, err
	}
	return c.failures, nil
}
