package engine

import (
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

func init() {
	funcs["searchmatch"] = funcSpec{1, 1, false, buildSearchmatch}
}

// buildSearchmatch is searchmatch("<search>"): true when the row matches
// the search string with search-command semantics (case-insensitive values,
// wildcards, OR before AND). The string must be a literal, compiled once.
func buildSearchmatch(c *compiler, n *spl.Call, _ []evalFn) evalFn {
	lit, ok := n.Args[0].(*spl.Literal)
	if !ok {
		c.errs.unsupported(n.At, "searchmatch of a field", "only a quoted search string")
		return func(event.Row) val { return nullVal }
	}
	x, err := spl.ParseSearchExpr(lit.Value)
	if err != nil {
		c.errs.invalid(lit.At, "searchmatch search", err.Error())
		return func(event.Row) val { return nullVal }
	}
	m := compileSearch(x, c.errs)
	return func(r event.Row) val {
		if m(r) {
			return trueVal
		}
		return falseVal
	}
}
