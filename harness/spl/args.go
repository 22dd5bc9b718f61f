package spl

import "strings"

// argScanner tokenizes command arguments (stats, tstats, rename, ...):
// words, "quoted strings", and the punctuation ( ) , = .
type argScanner struct {
	p   *parser
	pos int
	end int
}

type argKind byte

const (
	aEOF    argKind = 0
	aWord   argKind = 'w'
	aString argKind = 's'
)

type argTok struct {
	kind   argKind // aEOF, aWord, aString, or the punctuation byte itself
	text   string  // word text, or unescaped string value
	pos    int
	quoted bool // some part of the word was quoted
}

func (a *argScanner) peek() argTok {
	save := a.pos
	t := a.next()
	a.pos = save
	return t
}

func (a *argScanner) next() argTok {
	s := a.p.src[:a.end]
	a.pos = skipSpace(s, a.pos, a.end)
	i := a.pos
	if i >= a.end {
		return argTok{kind: aEOF, pos: a.end}
	}
	switch c := s[i]; c {
	case '(', ')', ',', '=':
		a.pos++
		return argTok{kind: argKind(c), text: string(c), pos: i}
	case '[', ']':
		a.p.fail(i, "unexpected %q: this command takes no subsearch", string(c))
	}
	return a.word(s, i)
}

// word reads one argument word. Like Splunk's argument lexer, quoted and
// unquoted pieces written without a space between them form one word with
// the quotes removed: `rename "Web".* AS *` renames Web.* (ESCU calls
// drop_dm_object_name("Web")). A word that is one quoted string is aString.
func (a *argScanner) word(s string, i int) argTok {
	var b strings.Builder
	pieces, quoted := 0, false
	for a.pos < a.end && !isSpace(s[a.pos]) && strings.IndexByte("(),=[]", s[a.pos]) < 0 {
		pieces++
		if s[a.pos] == '"' {
			if !quoteClosed(s, a.pos) {
				a.p.fail(a.pos, "unterminated quoted string")
			}
			j := skipQuoted(s, a.pos)
			b.WriteString(unescape(s[a.pos+1 : j-1]))
			a.pos, quoted = j, true
			continue
		}
		j := a.pos
		for j < a.end && !isSpace(s[j]) && strings.IndexByte("(),=\"[]", s[j]) < 0 {
			j++
		}
		b.WriteString(s[a.pos:j])
		a.pos = j
	}
	if quoted && pieces == 1 {
		return argTok{kind: aString, text: b.String(), pos: i, quoted: true}
	}
	return argTok{kind: aWord, text: b.String(), pos: i, quoted: quoted}
}

// rawName reads an output name after AS up to a space or comma, keeping
// parentheses: ESCU writes `values(aceFlags) as aceFlags(inheritance)`.
func (a *argScanner) rawName(what string) argTok {
	s := a.p.src[:a.end]
	a.pos = skipSpace(s, a.pos, a.end)
	i := a.pos
	if i < a.end && s[i] == '"' {
		return a.name(what)
	}
	depth := 0
	for a.pos < a.end && !isSpace(s[a.pos]) && strings.IndexByte(",\"[]", s[a.pos]) < 0 {
		switch s[a.pos] {
		case '(':
			depth++
		case ')':
			depth--
		}
		if depth < 0 {
			break
		}
		a.pos++
	}
	if a.pos == i || depth != 0 || a.pos < a.end && s[a.pos] == '"' {
		a.pos = i // quoted pieces or unbalanced parentheses: an ordinary word
		return a.name(what)
	}
	return argTok{kind: aWord, text: s[i:a.pos], pos: i}
}

// isWord reports whether t is the word w (case-insensitive).
func (t argTok) isWord(w string) bool { return t.kind == aWord && strings.EqualFold(t.text, w) }

// name returns the text of a word or string token (field names may be quoted).
func (a *argScanner) name(what string) argTok {
	t := a.next()
	if t.kind != aWord && t.kind != aString {
		a.p.fail(t.pos, "expected %s, found %s", what, describeArg(t))
	}
	if t.text == "" {
		a.p.fail(t.pos, "empty %s", what)
	}
	return t
}

func (a *argScanner) expect(k argKind) argTok {
	t := a.next()
	if t.kind != k {
		a.p.fail(t.pos, "expected %q, found %s", string(rune(k)), describeArg(t))
	}
	return t
}

func describeArg(t argTok) string {
	switch t.kind {
	case aEOF:
		return "end of command"
	case aString:
		return `"` + t.text + `"`
	}
	return "'" + t.text + "'"
}

// clauseWords start clauses, so they are never option keys.
var clauseWords = map[string]bool{"by": true, "from": true, "where": true, "as": true}

// option reads `key=value` when the next tokens are a word and '='.
func (a *argScanner) option() (Option, bool) {
	save := a.pos
	k := a.next()
	if k.kind != aWord || k.quoted || !validFuncName(k.text) || clauseWords[strings.ToLower(k.text)] || a.peek().kind != '=' {
		a.pos = save
		return Option{}, false
	}
	a.next()
	v := a.next()
	if v.kind != aWord && v.kind != aString {
		a.p.fail(v.pos, "missing value for option %s", k.text)
	}
	return Option{At: Pos(k.pos), Key: strings.ToLower(k.text), Value: v.text}, true
}

// matchParen returns the offset of the ')' closing the '(' at src[i].
func (p *parser) matchParen(i, end int) int {
	depth := 0
	for j := i; j < end; j++ {
		switch p.src[j] {
		case '\\':
			j++ // an escaped character (\\" outside quotes) is literal
		case '"':
			j = skipQuoted(p.src[:end], j) - 1
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	p.fail(i, "unclosed '('")
	return -1
}
