package spl

import (
	"fmt"
	"strings"
)

// parser holds the text being parsed and the errors found so far. Parse
// functions report an error with fail, which unwinds to the enclosing
// command (see guard) so one bad command does not hide the others.
type parser struct {
	src   string
	errs  ErrorList
	depth int
}

type bailout struct{}

func (p *parser) fail(pos int, format string, args ...any) {
	p.errs.add(Pos(pos), fmt.Sprintf(format, args...))
	panic(bailout{})
}

// guard runs f and reports whether it finished without a fail.
func (p *parser) guard(f func()) (ok bool) {
	depth := p.depth
	defer func() {
		if r := recover(); r != nil {
			if _, is := r.(bailout); !is {
				panic(r)
			}
			p.depth = depth
			ok = false
		}
	}()
	f()
	return true
}

func newParser(text string) *parser { return &parser{src: blankComments(text)} }

// Parse parses a full (already macro-expanded) SPL query. Positions are
// byte offsets into text. On error it returns the commands it could parse
// and an ErrorList.
func Parse(text string) (*Query, error) {
	p := newParser(text)
	var q *Query
	p.guard(func() { q = p.query(0, len(p.src), true) })
	return q, p.errs.sortDedup().Err()
}

// ParseSearchExpr parses a search-command boolean expression.
func ParseSearchExpr(text string) (SearchExpr, error) {
	p := newParser(text)
	var x SearchExpr
	p.guard(func() { x, _ = p.searchExprAt(0, len(p.src), false) })
	return x, p.errs.sortDedup().Err()
}

// ParseEvalExpr parses an eval expression.
func ParseEvalExpr(text string) (Expr, error) {
	p := newParser(text)
	var x Expr
	p.guard(func() { x = p.evalExprAt(0, len(p.src)) })
	return x, p.errs.sortDedup().Err()
}

// maxSubsearchDepth bounds [ ... ] nesting.
const maxSubsearchDepth = 50

// subquery parses the text inside [ ... ]. implicitSearch is false for
// the subpipelines of foreach/appendpipe, whose first word is a command.
func (p *parser) subquery(start, end int, implicitSearch bool) *Query {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxSubsearchDepth {
		p.fail(start, "subsearches nested too deeply")
	}
	return p.query(start, end, implicitSearch)
}

// subpipelineCommands take [ ... ] pipelines of commands, not subsearches.
var subpipelineCommands = map[string]bool{"foreach": true, "appendpipe": true}

// query parses the pipeline in src[start:end]. A failing command is
// recorded and skipped so later commands still get checked.
func (p *parser) query(start, end int, implicitSearch bool) *Query {
	q := &Query{}
	spans, unclosed := splitPipes(p.src, start, end)
	if unclosed >= 0 {
		p.fail(unclosed, "unclosed '['")
	}
	implicit, piped := implicitSearch, false
	if s, e := trimSpan(p.src, spans[0][0], spans[0][1]); s == e {
		if len(spans) == 1 {
			p.fail(start, "empty search")
		}
		spans, piped = spans[1:], true
	}
	for i, sp := range spans {
		s, e := trimSpan(p.src, sp[0], sp[1])
		if s == e {
			p.errs.add(Pos(sp[0]), "empty command between pipes")
			continue
		}
		var c Command
		if p.guard(func() { c = p.command(s, e, i == 0 && implicit && !piped) }) {
			q.Commands = append(q.Commands, c)
		}
	}
	return q
}

// command parses one pipeline stage in src[s:e] (trimmed, non-empty).
func (p *parser) command(s, e int, implicit bool) Command {
	nameEnd := s
	for nameEnd < e && !isSpace(p.src[nameEnd]) && p.src[nameEnd] != '[' && p.src[nameEnd] != '(' {
		nameEnd++
	}
	name := strings.ToLower(p.src[s:nameEnd])
	if implicit && name != "search" {
		x, _ := p.searchExprAt(s, e, false)
		return &SearchCommand{At: Pos(s), Expr: x}
	}
	if !validCommandName(name) {
		p.fail(s, "invalid command name %q", p.src[s:nameEnd])
	}
	argStart := skipSpace(p.src, nameEnd, e)
	if f, ok := commandParsers[name]; ok {
		return f(p, cmdSpan{name: name, at: s, args: argStart, end: e})
	}
	return p.generic(cmdSpan{name: name, at: s, args: argStart, end: e})
}

func validCommandName(name string) bool {
	if name == "" || !(name[0] == '_' || name[0] >= 'a' && name[0] <= 'z') {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || c == '-' || isDigit(c) || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// cmdSpan locates one command: its name, start, argument start and end.
type cmdSpan struct {
	name          string
	at, args, end int
}

var commandParsers map[string]func(*parser, cmdSpan) Command

func init() {
	commandParsers = map[string]func(*parser, cmdSpan) Command{
		"search":      (*parser).searchCommand,
		"where":       (*parser).whereCommand,
		"eval":        (*parser).evalCommand,
		"stats":       (*parser).statsCommand,
		"eventstats":  (*parser).statsCommand,
		"streamstats": (*parser).statsCommand,
		"tstats":      (*parser).tstatsCommand,
		"rename":      (*parser).renameCommand,
		"fillnull":    (*parser).fillnullCommand,
		"convert":     (*parser).convertCommand,
		"table":       (*parser).fieldListCommand,
		"fields":      (*parser).fieldListCommand,
		"dedup":       (*parser).fieldListCommand,
	}
}

// generic keeps the raw arguments and parses any top-level [subsearch].
func (p *parser) generic(c cmdSpan) Command {
	g := &GenericCommand{At: Pos(c.at), Name: c.name, Args: p.src[c.args:c.end], ArgsAt: Pos(c.args)}
	for j := c.args; j < c.end; j++ {
		switch p.src[j] {
		case '\\':
			j++ // an escaped character (\\" outside quotes) is literal
		case '"':
			j = skipQuoted(p.src[:c.end], j) - 1
		case '[':
			close := matchBracket(p.src, j, c.end)
			if close < 0 {
				p.fail(j, "unclosed '[' subsearch")
			}
			g.Subsearches = append(g.Subsearches, p.subquery(j+1, close, !subpipelineCommands[c.name]))
			j = close
		}
	}
	return g
}

func (p *parser) searchCommand(c cmdSpan) Command {
	x, _ := p.searchExprAt(c.args, c.end, false)
	return &SearchCommand{At: Pos(c.at), Expr: x}
}

func (p *parser) whereCommand(c cmdSpan) Command {
	return &WhereCommand{At: Pos(c.at), Expr: p.evalExprAt(c.args, c.end)}
}

// evalCommand parses `eval a=expr, b=expr`.
func (p *parser) evalCommand(c cmdSpan) Command {
	e := &evalParser{p: p, toks: p.lexEval(c.args, c.end)}
	cmd := &EvalCommand{At: Pos(c.at)}
	for {
		at, name := e.assignTarget()
		cmd.Assignments = append(cmd.Assignments, Assignment{At: Pos(at), Field: name, Expr: e.parseExpr()})
		if e.isOp(",") {
			e.next()
			continue
		}
		if t := e.peek(); t.kind != tEOF {
			p.fail(t.pos, "unexpected %s in eval (assignments are separated by commas)", describe(t))
		}
		return cmd
	}
}

// assignTarget reads "name =" of an eval assignment. A quoted name is
// taken as written; an unquoted one is all the text up to '=', because
// Splunk accepts names like unusual_cmdline_feature_-value (ESCU).
func (e *evalParser) assignTarget() (int, string) {
	t := e.next()
	if t.kind == tQField || t.kind == tString {
		e.expect("=")
		return t.pos, t.text
	}
	for u := t; ; u = e.next() {
		if u.kind == tOp && u.text == "=" && u != t {
			name := strings.TrimSpace(e.p.src[t.pos:u.pos])
			if name == "" || strings.ContainsAny(name, " \t\n\r") {
				e.p.fail(t.pos, "invalid eval field name %q", name)
			}
			return t.pos, name
		}
		namePart := u.kind == tIdent || u.kind == tNumber || u.kind == tOp && (u.text == "-" || u.text == "." || u.text == "*")
		if !namePart {
			e.p.fail(t.pos, "expected field=expression in eval, found %s", describe(t))
		}
	}
}
