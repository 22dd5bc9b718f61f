package spl

import (
	"strings"
)

// The printer renders nodes back to canonical SPL: explicit AND, grouped
// sub-expressions in parentheses, values quoted when needed. Parsing the
// output gives the same tree, which makes it good for tests, error
// messages and explain output.

func (q *Query) String() string {
	if q == nil {
		return ""
	}
	parts := make([]string, len(q.Commands))
	for i, c := range q.Commands {
		parts[i] = CommandString(c)
	}
	return "| " + strings.Join(parts, " | ")
}

// CommandString renders one command.
func CommandString(c Command) string {
	var b strings.Builder
	writeCommand(&b, c)
	return b.String()
}

// SearchString renders a search expression (empty for nil).
func SearchString(x SearchExpr) string {
	var b strings.Builder
	writeSearch(&b, x, false)
	return b.String()
}

// ExprString renders an eval expression with every binary operation
// parenthesized, so precedence is visible.
func ExprString(x Expr) string {
	var b strings.Builder
	writeExpr(&b, x)
	return b.String()
}

func writeSearch(b *strings.Builder, x SearchExpr, nested bool) {
	switch n := x.(type) {
	case nil:
	case *SearchAnd:
		writeJoined(b, n.Terms, " AND ", nested)
	case *SearchOr:
		writeJoined(b, n.Terms, " OR ", nested)
	case *SearchNot:
		b.WriteString("NOT ")
		writeSearch(b, n.X, true)
	case *SearchCompare:
		b.WriteString(searchField(n.Field) + n.Op + searchValue(n.Value, n.Quoted))
	case *SearchIn:
		vals := make([]string, len(n.Values))
		for i, v := range n.Values {
			vals[i] = searchValue(v, false)
		}
		b.WriteString(searchField(n.Field) + " IN (" + strings.Join(vals, ", ") + ")")
	case *SearchTerm:
		v := searchValue(n.Text, n.Quoted)
		if n.Directive != "" {
			v = n.Directive + "(" + v + ")"
		}
		b.WriteString(v)
	case *SearchSubsearch:
		b.WriteString("[" + n.Query.String() + "]")
	}
}

func writeJoined(b *strings.Builder, terms []SearchExpr, sep string, nested bool) {
	if nested {
		b.WriteByte('(')
	}
	for i, t := range terms {
		if i > 0 {
			b.WriteString(sep)
		}
		writeSearch(b, t, true)
	}
	if nested {
		b.WriteByte(')')
	}
}

// searchValue quotes v when it was quoted or when it would not re-parse as
// one bare word (spaces, parentheses, operators, keywords).
func searchValue(v string, quoted bool) string {
	// "by" is quoted too: inside tstats WHERE it would end the clause.
	if quoted || v == "" || strings.ContainsAny(v, " \t\n\r()[]\"=<>!|,`") || v == "AND" || v == "OR" || v == "NOT" || strings.EqualFold(v, "by") {
		return quote(v)
	}
	return strings.ReplaceAll(v, `\`, `\\`)
}

// searchField quotes a search field name that is not one bare word.
func searchField(f string) string {
	if strings.ContainsAny(f, " \t\n\r()[]\"=<>!|`\\") || f == "" || f == "AND" || f == "OR" || f == "NOT" {
		return quote(f)
	}
	return f
}

func quote(v string) string {
	v = strings.ReplaceAll(v, `\`, `\\`)
	return `"` + strings.ReplaceAll(v, `"`, `\"`) + `"`
}

func writeExpr(b *strings.Builder, x Expr) {
	switch n := x.(type) {
	case nil:
	case *Literal:
		switch n.Kind {
		case LitString:
			b.WriteString(quote(n.Value))
		default:
			b.WriteString(n.Value)
		}
	case *FieldRef:
		b.WriteString("'" + n.Name + "'")
	case *Call:
		b.WriteString(n.Func)
		writeExprList(b, n.Args)
	case *Binary:
		b.WriteByte('(')
		writeExpr(b, n.L)
		b.WriteString(" " + n.Op + " ")
		writeExpr(b, n.R)
		b.WriteByte(')')
	case *Unary:
		b.WriteString("(" + n.Op)
		if n.Op == "NOT" {
			b.WriteByte(' ')
		}
		writeExpr(b, n.X)
		b.WriteByte(')')
	case *InList:
		b.WriteByte('(')
		writeExpr(b, n.X)
		if n.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" IN ")
		writeExprList(b, n.List)
		b.WriteByte(')')
	}
}

func writeExprList(b *strings.Builder, xs []Expr) {
	b.WriteByte('(')
	for i, a := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		writeExpr(b, a)
	}
	b.WriteByte(')')
}
