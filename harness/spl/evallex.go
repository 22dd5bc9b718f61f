package spl

import "strings"

// Eval-language tokens.
type tokKind int

const (
	tEOF     tokKind = iota
	tIdent           // field name or function name
	tNumber          // 12, 1.5
	tString          // "text" (Text is unescaped)
	tQField          // 'field name' (Text is the name)
	tOp              // ( ) , = == != < <= > >= + - * / % .
	tKeyword         // AND OR XOR NOT LIKE IN (Text upper-cased)
)

type token struct {
	kind tokKind
	text string
	pos  int
}

// evalKeywords are case-insensitive in eval/where: ESCU content writes
// `x > 30 and y like "%a"` and Splunk accepts it.
var evalKeywords = map[string]bool{"AND": true, "OR": true, "XOR": true, "NOT": true, "LIKE": true, "IN": true}

// lexEval tokenizes s[start:end] as an eval expression.
func (p *parser) lexEval(start, end int) []token {
	s := p.src[:end]
	var toks []token
	i := start
	for {
		i = skipSpace(s, i, end)
		if i >= end {
			return append(toks, token{kind: tEOF, pos: end})
		}
		t, next := p.lexOne(s, i)
		toks = append(toks, t)
		i = next
	}
}

func (p *parser) lexOne(s string, i int) (token, int) {
	c := s[i]
	switch {
	case c == '"':
		if !quoteClosed(s, i) {
			p.fail(i, "unterminated string")
		}
		j := skipQuoted(s, i)
		return token{tString, unescape(s[i+1 : j-1]), i}, j
	case c == '\'':
		j := strings.IndexByte(s[i+1:], '\'')
		if j < 0 {
			p.fail(i, "unterminated single-quoted field name")
		}
		return token{tQField, s[i+1 : i+1+j], i}, i + j + 2
	case isDigit(c) || (c == '.' && i+1 < len(s) && isDigit(s[i+1])):
		j := scanNumber(s, i)
		return token{tNumber, s[i:j], i}, j
	case isIdentStart(c) || c == '{' || strings.HasPrefix(s[i:], "<<"):
		// {field} names a field by another field's value (eval {key}=value).
		j := i
		for j < len(s) {
			if n := templateToken(s[j:]); n > 0 {
				j += n
				continue
			}
			if !isIdentChar(s, j) {
				break
			}
			j++
		}
		if j == i {
			break
		}
		word := s[i:j]
		if up := strings.ToUpper(word); evalKeywords[up] {
			return token{tKeyword, up, i}, j
		}
		return token{tIdent, word, i}, j
	}
	for _, op := range []string{"==", "!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "%", ".", "(", ")", ","} {
		if strings.HasPrefix(s[i:], op) {
			return token{tOp, op, i}, i + len(op)
		}
	}
	p.fail(i, "unexpected character %q in expression", string(c))
	return token{}, 0
}

// templateToken returns the length of a foreach template token such as
// <<FIELD>> or <<MATCHSTR>> at the start of s, else 0. These are parts of
// field names inside foreach's [ ... ] pipeline.
func templateToken(s string) int {
	if !strings.HasPrefix(s, "<<") {
		return 0
	}
	j := 2
	for j < len(s) && (s[j] >= 'A' && s[j] <= 'Z' || s[j] == '_') {
		j++
	}
	if j > 2 && strings.HasPrefix(s[j:], ">>") {
		return j + 2
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c == '_' || c == '@' || c == '$' || (c|0x20) >= 'a' && (c|0x20) <= 'z' || c >= 0x80
}

// isIdentChar: letters, digits, _ { } : @ $ and a '.' that joins two name
// parts (Processes.process_name); a spaced '.' or one next to a quote or
// parenthesis is concatenation. The Search Reference asks for single
// quotes around such names, but ESCU writes coalesce(actor.alternateId,
// user) and means the field, so unspaced dotted names are fields.
func isIdentChar(s string, j int) bool {
	c := s[j]
	if c == '.' {
		return j+1 < len(s) && (isIdentStart(s[j+1]) || isDigit(s[j+1]) || s[j+1] == '{')
	}
	return isIdentStart(c) || isDigit(c) || c == '{' || c == '}' || c == ':'
}

func scanNumber(s string, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j < len(s) && s[j] == '.' && j+1 < len(s) && isDigit(s[j+1]) {
		j++
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && isDigit(s[k]) {
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			j = k
		}
	}
	return j
}
