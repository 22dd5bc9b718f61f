package spl

import (
	"strings"
)

// statsCommand parses stats/eventstats/streamstats:
// [options] agg [AS name] [, agg ...] [BY field [,] field ...].
func (p *parser) statsCommand(c cmdSpan) Command {
	a := &argScanner{p: p, pos: c.args, end: c.end}
	cmd := &StatsCommand{At: Pos(c.at), Name: c.name}
	for {
		t := a.peek()
		switch {
		case t.kind == aEOF:
			if len(cmd.Aggs) == 0 {
				p.fail(c.at, "%s needs at least one aggregation", c.name)
			}
			return cmd
		case t.kind == ',':
			a.next()
		case t.isWord("by"):
			a.next()
			cmd.By = a.byClause(&cmd.Options)
		default:
			if o, ok := a.option(); ok {
				cmd.Options = append(cmd.Options, o)
				continue
			}
			cmd.Aggs = append(cmd.Aggs, a.aggregation())
		}
	}
}

// validFuncName: a letter or _ then letters, digits, _ (perc95, dc, p99.9 excluded).
func validFuncName(s string) bool {
	if s == "" || isDigit(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c == '_' || isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'z') {
			return false
		}
	}
	return true
}

// percentileFuncs take their parameter as a numeric suffix (perc95).
var percentileFuncs = []string{"exactperc", "upperperc", "perc", "p"}

// splitAggName splits perc95 into ("perc", "95"); other names are lower-cased.
func splitAggName(name string) (string, string) {
	lower := strings.ToLower(name)
	for _, f := range percentileFuncs {
		rest, ok := strings.CutPrefix(lower, f)
		if ok && rest != "" && strings.Trim(rest, "0123456789.") == "" {
			return f, rest
		}
	}
	return lower, ""
}

// aggregation parses count | func(field) | count(eval(expr)) | sparkline(...), then [AS name].
func (a *argScanner) aggregation() Aggregation {
	t := a.next()
	if t.kind != aWord || !validFuncName(t.text) {
		a.p.fail(t.pos, "expected aggregation, found %s", describeArg(t))
	}
	fn, param := splitAggName(t.text)
	agg := Aggregation{At: Pos(t.pos), Func: fn, Param: param, Written: t.text}
	if a.peek().kind == '(' {
		agg.Arg, agg.Param = a.aggArg(fn, param)
	}
	if a.peek().isWord("as") {
		a.next()
		agg.As = a.rawName("output name after AS").text
	}
	return agg
}

// aggArg parses the parenthesized argument of an aggregation. eval(expr)
// becomes Call{Func: "eval"} so the engine can tell it from a field;
// sparkline keeps its raw argument text in Param.
func (a *argScanner) aggArg(fn, param string) (Expr, string) {
	open := a.expect('(')
	close := a.p.matchParen(open.pos, a.end)
	defer func() { a.pos = close + 1 }()
	if fn == "sparkline" {
		return nil, strings.TrimSpace(a.p.src[open.pos+1 : close])
	}
	inner := &argScanner{p: a.p, pos: open.pos + 1, end: close}
	t := inner.next()
	if t.isWord("eval") && inner.peek().kind == '(' {
		eo := inner.next()
		ec := a.p.matchParen(eo.pos, close)
		x := a.p.evalExprAt(eo.pos+1, ec)
		if rest := (&argScanner{p: a.p, pos: ec + 1, end: close}).next(); rest.kind != aEOF {
			a.p.fail(rest.pos, "unexpected %s after eval(...)", describeArg(rest))
		}
		return &Call{At: Pos(t.pos), Func: "eval", Args: []Expr{x}}, param
	}
	if t.kind != aWord && t.kind != aString {
		a.p.fail(t.pos, "expected field in %s(...), found %s", fn, describeArg(t))
	}
	if rest := inner.next(); rest.kind != aEOF {
		a.p.fail(rest.pos, "unexpected %s in %s(...)", describeArg(rest), fn)
	}
	return &FieldRef{At: Pos(t.pos), Name: t.text}, param
}

// byClause reads fields (comma or space separated) with optional span=,
// which applies to the field before it (by _time span=1h). Other options
// after BY are returned in opts.
func (a *argScanner) byClause(opts *[]Option) []ByField {
	var by []ByField
	at := a.peek().pos
	a.items(func(o Option) {
		if o.Key == "span" && len(by) > 0 {
			by[len(by)-1].Span = o.Value
		} else {
			*opts = append(*opts, o)
		}
	}, func() {
		f := a.name("field name")
		by = append(by, ByField{At: Pos(f.pos), Name: f.text})
	})
	if len(by) == 0 {
		a.p.fail(at, "BY needs at least one field")
	}
	return by
}

// tstatsCommand parses
// tstats [options] aggs [FROM datamodel=DM[.Node]] [WHERE search-expr] [BY fields].
func (p *parser) tstatsCommand(c cmdSpan) Command {
	a := &argScanner{p: p, pos: c.args, end: c.end}
	cmd := &TstatsCommand{At: Pos(c.at)}
	for {
		t := a.peek()
		switch {
		case t.kind == aEOF:
			if len(cmd.Aggs) == 0 {
				p.fail(c.at, "tstats needs at least one aggregation")
			}
			return cmd
		case t.kind == ',':
			a.next()
		case t.isWord("from"):
			a.next()
			a.tstatsFrom(cmd)
		case t.isWord("where"):
			a.next()
			x, stop := p.searchExprAt(a.pos, a.end, true)
			if x == nil {
				p.fail(t.pos, "empty WHERE clause")
			}
			cmd.Where, a.pos = x, stop
		case t.isWord("by"):
			a.next()
			cmd.By = a.byClause(&cmd.Options)
		default:
			if o, ok := a.option(); ok {
				cmd.Options = append(cmd.Options, o)
				continue
			}
			cmd.Aggs = append(cmd.Aggs, a.aggregation())
		}
	}
}

// tstatsFrom reads `datamodel=DM.Node`, `datamodel DM.Node` or a plain
// namespace after FROM.
func (a *argScanner) tstatsFrom(cmd *TstatsCommand) {
	t := a.name("datamodel after FROM")
	if !t.isWord("datamodel") {
		a.p.fail(t.pos, "tstats FROM %s is not supported (only datamodel=)", t.text)
	}
	if a.peek().kind == '=' {
		a.next()
	}
	dm := a.name("data model name")
	cmd.Datamodel, cmd.Node, _ = strings.Cut(dm.text, ".")
}
