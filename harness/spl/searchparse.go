package spl

import "strings"

// searchParser parses search-command expressions directly over the text:
// search terms are not tokens in any regular sense (a value runs to the
// next space or ')', and may hold = : / \ * characters).
//
// Grammar (Splunk's search precedence: NOT, then OR, then AND):
//
//	and     = or { ["AND"] or }
//	or      = not { "OR" not }
//	not     = "NOT" not | primary
//	primary = "(" and ")" | "[" query "]" | phrase | TERM(...) | CASE(...)
//	        | field op value | field IN "(" values ")" | term
type searchParser struct {
	p      *parser
	s      string // p.src cut at end
	pos    int
	end    int
	stopBy bool // tstats `where`: stop before a bare `by`
}

// searchExprAt parses s[start:end]; with stopBy it stops before a bare
// "by" word and returns the offset where it stopped.
func (p *parser) searchExprAt(start, end int, stopBy bool) (SearchExpr, int) {
	sp := &searchParser{p: p, s: p.src[:end], pos: start, end: end, stopBy: stopBy}
	x := sp.parseAnd()
	sp.skip()
	if sp.pos < end && !sp.atStop() {
		p.fail(sp.pos, "unexpected %q in search expression", string(sp.s[sp.pos]))
	}
	return x, sp.pos
}

func (sp *searchParser) skip() { sp.pos = skipSpace(sp.s, sp.pos, sp.end) }

// atWord reports whether the exact word w (case-sensitive) starts at pos
// and ends at a delimiter.
func (sp *searchParser) atWord(w string, fold bool) bool {
	rest := sp.s[sp.pos:]
	if len(rest) < len(w) {
		return false
	}
	if fold && !strings.EqualFold(rest[:len(w)], w) || !fold && rest[:len(w)] != w {
		return false
	}
	return len(rest) == len(w) || isSpace(rest[len(w)]) || strings.IndexByte("()[]\"", rest[len(w)]) >= 0
}

func (sp *searchParser) atStop() bool {
	return sp.stopBy && sp.atWord("by", true) && !sp.nextIsOp(sp.pos+2)
}

// nextIsOp reports whether a comparison operator follows offset i (so `by`
// is a field name there, as in `by=x`).
func (sp *searchParser) nextIsOp(i int) bool {
	i = skipSpace(sp.s, i, sp.end)
	if i < sp.end && sp.s[i] == '!' {
		return i+1 < sp.end && sp.s[i+1] == '='
	}
	return i < sp.end && strings.IndexByte("=<>", sp.s[i]) >= 0
}

func (sp *searchParser) parseAnd() SearchExpr {
	at := sp.pos
	var terms []SearchExpr
	for {
		sp.skip()
		if sp.pos >= sp.end || sp.s[sp.pos] == ')' || sp.atStop() {
			break
		}
		if sp.atWord("AND", false) && !sp.nextIsOp(sp.pos+3) {
			sp.binaryKeyword("AND", len(terms) > 0)
			continue
		}
		if sp.atWord("OR", false) && !sp.nextIsOp(sp.pos+2) {
			sp.p.fail(sp.pos, "OR without a left operand")
		}
		terms = append(terms, sp.parseOr())
	}
	switch len(terms) {
	case 0:
		return nil
	case 1:
		return terms[0]
	}
	return &SearchAnd{At: Pos(skipSpace(sp.s, at, sp.end)), Terms: terms}
}

// binaryKeyword consumes AND (or OR) and insists on operands both sides:
// Splunk rejects a dangling operator rather than ignoring it.
func (sp *searchParser) binaryKeyword(kw string, haveLeft bool) {
	at := sp.pos
	if !haveLeft {
		sp.p.fail(at, "%s without a left operand", kw)
	}
	sp.pos += len(kw)
	sp.skip()
	if sp.pos >= sp.end || sp.s[sp.pos] == ')' || sp.atStop() {
		sp.p.fail(at, "%s without a right operand", kw)
	}
}

func (sp *searchParser) parseOr() SearchExpr {
	first := sp.parseNot()
	terms := []SearchExpr{first}
	for {
		save := sp.pos
		sp.skip()
		if !sp.atWord("OR", false) || sp.nextIsOp(sp.pos+2) {
			sp.pos = save
			break
		}
		sp.binaryKeyword("OR", true)
		terms = append(terms, sp.parseNot())
	}
	if len(terms) == 1 {
		return first
	}
	return &SearchOr{At: first.Position(), Terms: terms}
}

func (sp *searchParser) parseNot() SearchExpr {
	sp.skip()
	if sp.atWord("NOT", false) && !sp.nextIsOp(sp.pos+3) {
		at := sp.pos
		sp.pos += 3
		sp.skip()
		if sp.pos >= sp.end || sp.s[sp.pos] == ')' {
			sp.p.fail(at, "NOT without an operand")
		}
		sp.p.depth++
		defer func() { sp.p.depth-- }()
		if sp.p.depth > maxEvalDepth {
			sp.p.fail(at, "expression nested too deeply")
		}
		return &SearchNot{At: Pos(at), X: sp.parseNot()}
	}
	return sp.parsePrimary()
}

func (sp *searchParser) parsePrimary() SearchExpr {
	at := sp.pos
	switch sp.s[at] {
	case '(':
		return sp.parseGroup()
	case '[':
		return sp.parseSubsearch()
	case ']':
		sp.p.fail(at, "unexpected ']'")
	case '"':
		// A quoted phrase, or a quoted field name before an operator:
		// ESCU writes "result.message"="Device Paired*".
		text := sp.quoted()
		if op := sp.compareOp(); op != "" {
			if text == "" {
				sp.p.fail(at, "empty field name")
			}
			return sp.compare(at, text, op)
		}
		if text != "" && sp.atIn() {
			return sp.parseIn(at, text)
		}
		return &SearchTerm{At: Pos(at), Text: text, Quoted: true}
	}
	word := sp.word()
	if word == "" {
		sp.p.fail(at, "unexpected %q in search expression", string(sp.s[at]))
	}
	if up := strings.ToUpper(word); (up == "TERM" || up == "CASE") && sp.pos < sp.end && sp.s[sp.pos] == '(' {
		return sp.directive(at, up)
	}
	if op := sp.compareOp(); op != "" {
		return sp.compare(at, word, op)
	}
	if sp.atIn() {
		return sp.parseIn(at, word)
	}
	return &SearchTerm{At: Pos(at), Text: unescape(word)}
}

func (sp *searchParser) parseGroup() SearchExpr {
	at := sp.pos
	sp.pos++
	sp.p.depth++
	defer func() { sp.p.depth-- }()
	if sp.p.depth > maxEvalDepth {
		sp.p.fail(at, "expression nested too deeply")
	}
	stop := sp.stopBy
	sp.stopBy = false
	x := sp.parseAnd()
	sp.stopBy = stop
	if sp.pos >= sp.end || sp.s[sp.pos] != ')' {
		sp.p.fail(at, "unclosed '('")
	}
	sp.pos++
	if x == nil {
		sp.p.fail(at, "empty parentheses")
	}
	return x
}

func (sp *searchParser) parseSubsearch() SearchExpr {
	at := sp.pos
	close := matchBracket(sp.s, at, sp.end)
	if close < 0 {
		sp.p.fail(at, "unclosed '[' subsearch")
	}
	q := sp.p.subquery(at+1, close, true)
	sp.pos = close + 1
	return &SearchSubsearch{At: Pos(at), Query: q}
}

// quoted consumes a double-quoted string at pos and returns its value.
func (sp *searchParser) quoted() string {
	at := sp.pos
	if !quoteClosed(sp.s, at) {
		sp.p.fail(at, "unterminated quoted string")
	}
	j := skipQuoted(sp.s, at)
	sp.pos = j
	return unescape(sp.s[at+1 : j-1])
}

// word consumes a field name or bare term: everything up to a space,
// parenthesis, bracket, quote or comparison operator.
func (sp *searchParser) word() string {
	at := sp.pos
	for sp.pos < sp.end {
		c := sp.s[sp.pos]
		if isSpace(c) || strings.IndexByte("()[]\"=<>", c) >= 0 {
			break
		}
		if c == '!' && sp.pos+1 < sp.end && sp.s[sp.pos+1] == '=' {
			break
		}
		if c == '\\' && sp.pos+1 < sp.end {
			sp.pos++ // an escaped character never ends the word
		}
		sp.pos++
	}
	return sp.s[at:sp.pos]
}

// compareOp consumes a comparison operator after a field (spaces allowed
// around it, as in `count > 5`).
func (sp *searchParser) compareOp() string {
	j := skipSpace(sp.s, sp.pos, sp.end)
	for _, op := range []string{"!=", "<=", ">=", "==", "=", "<", ">"} {
		if strings.HasPrefix(sp.s[j:sp.end], op) {
			sp.pos = j + len(op)
			if op == "==" {
				op = "="
			}
			return op
		}
	}
	return ""
}

func (sp *searchParser) compare(at int, field, op string) SearchExpr {
	sp.skip()
	if sp.pos < sp.end && sp.s[sp.pos] == '"' {
		v := sp.quoted()
		return &SearchCompare{At: Pos(at), Field: field, Op: op, Value: v, Quoted: true}
	}
	v := sp.value()
	if v == "" {
		sp.p.fail(at, "missing value after %s%s", field, op)
	}
	return &SearchCompare{At: Pos(at), Field: field, Op: op, Value: unescape(v)}
}

// value consumes an unquoted value: up to a space, or a ')' / ']' that
// closes an enclosing group (balanced parentheses inside stay in).
func (sp *searchParser) value() string {
	at, depth := sp.pos, 0
	for ; sp.pos < sp.end; sp.pos++ {
		c := sp.s[sp.pos]
		if isSpace(c) || c == ']' || c == '"' || c == ')' && depth == 0 {
			break
		}
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case '\\':
			if sp.pos+1 < sp.end {
				sp.pos++
			}
		}
	}
	return sp.s[at:sp.pos]
}

func (sp *searchParser) atIn() bool {
	j := skipSpace(sp.s, sp.pos, sp.end)
	// "The IN operator must be in uppercase" (Splunk blog, Smooth operator).
	if j+2 > sp.end || sp.s[j:j+2] != "IN" {
		return false
	}
	k := skipSpace(sp.s, j+2, sp.end)
	if k < sp.end && sp.s[k] == '(' {
		sp.pos = k
		return true
	}
	return false
}

// parseIn parses the "(v1, v2 ...)" list after field IN.
func (sp *searchParser) parseIn(at int, field string) SearchExpr {
	open := sp.pos
	sp.pos++
	var vals []string
	for {
		sp.skip()
		if sp.pos >= sp.end {
			sp.p.fail(open, "unclosed IN list")
		}
		switch c := sp.s[sp.pos]; {
		case c == ')':
			sp.pos++
			if len(vals) == 0 {
				sp.p.fail(open, "empty IN list")
			}
			return &SearchIn{At: Pos(at), Field: field, Values: vals}
		case c == ',':
			sp.pos++
		case c == '"':
			vals = append(vals, sp.quoted())
		default:
			v := sp.listValue()
			if v == "" {
				sp.p.fail(sp.pos, "unexpected %q in IN list", string(c))
			}
			vals = append(vals, unescape(v))
		}
	}
}

func (sp *searchParser) listValue() string {
	at := sp.pos
	for sp.pos < sp.end {
		c := sp.s[sp.pos]
		if isSpace(c) || c == ',' || c == ')' || c == '(' || c == '"' {
			break
		}
		if c == '\\' && sp.pos+1 < sp.end {
			sp.pos++
		}
		sp.pos++
	}
	return sp.s[at:sp.pos]
}

// directive parses TERM(...) or CASE(...): the text up to the matching ')'.
func (sp *searchParser) directive(at int, name string) SearchExpr {
	open := sp.pos
	depth := 0
	for ; sp.pos < sp.end; sp.pos++ {
		switch sp.s[sp.pos] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				inner := strings.TrimSpace(sp.s[open+1 : sp.pos])
				sp.pos++
				quoted := len(inner) >= 2 && inner[0] == '"' && inner[len(inner)-1] == '"'
				if quoted {
					inner = inner[1 : len(inner)-1]
				}
				return &SearchTerm{At: Pos(at), Text: unescape(inner), Quoted: quoted, Directive: name}
			}
		}
	}
	sp.p.fail(open, "unclosed %s(", name)
	return nil
}
