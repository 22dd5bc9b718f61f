package engine

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// sedExpr is a rex mode=sed expression: s/regex/replacement/flags, where
// flags is g (every match) or N (only the Nth match), the default the
// first match; or y/from/to/, which replaces each character of from by
// the one at its place in to (Search Reference, "rex": mode=sed).
type sedExpr struct {
	re       *rx // PCRE, as rex's regex is (rex reference)
	repl     string
	nth      int // 0: every match
	from, to []rune
}

func parseSed(expr string) (*sedExpr, string) {
	if len(expr) >= 2 && expr[0] == 'y' {
		return parseSedY(expr)
	}
	if len(expr) < 2 || expr[0] != 's' {
		return nil, "want s/regex/replacement/flags or y/from/to/"
	}
	parts := splitSed(expr[2:], expr[1])
	if len(parts) != 3 {
		return nil, "needs s<d>regex<d>replacement<d>flags"
	}
	re, err := compileRx(parts[0])
	if err != nil {
		return nil, err.Error()
	}
	s := &sedExpr{re: re, repl: goReplacement(parts[1]), nth: 1}
	switch flags := parts[2]; {
	case flags == "g":
		s.nth = 0
	case flags != "":
		n, err := strconv.Atoi(flags)
		if err != nil || n < 1 {
			return nil, "flags must be g or a match number"
		}
		s.nth = n
	}
	return s, ""
}

// splitSed splits on the delimiter; a backslash-escaped delimiter is kept
// as the plain character.
func splitSed(s string, d byte) []string {
	var parts []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == d:
			b.WriteByte(d)
			i++
		case s[i] == d:
			parts = append(parts, b.String())
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(parts, b.String())
}

func parseSedY(expr string) (*sedExpr, string) {
	parts := splitSed(expr[2:], expr[1])
	if len(parts) != 3 || parts[2] != "" {
		return nil, "needs y<d>from<d>to<d>"
	}
	from, to := []rune(parts[0]), []rune(parts[1])
	if len(from) != len(to) {
		return nil, "y needs as many characters to replace as to replace them with"
	}
	return &sedExpr{from: from, to: to}, ""
}

func (s *sedExpr) apply(in string) string {
	if s.from != nil {
		return strings.Map(func(r rune) rune {
			for i, f := range s.from {
				if f == r {
					return s.to[i]
				}
			}
			return r
		}, in)
	}
	if s.re.bt != nil {
		return s.applyBacktracking(in)
	}
	re := s.re.re
	if s.nth == 0 {
		return re.ReplaceAllString(in, s.repl)
	}
	k := 0
	return re.ReplaceAllStringFunc(in, func(m string) string {
		k++
		if k != s.nth {
			return m
		}
		return re.ReplaceAllString(m, s.repl)
	})
}

// applyBacktracking is apply for a pattern only the backtracking engine
// takes (look-around, backreferences): every match, or the nth from where
// it starts, so look-behind still sees the text before it.
func (s *sedExpr) applyBacktracking(in string) string {
	if s.nth == 0 {
		out, err := s.re.bt.Replace(in, s.repl, -1, -1)
		if err != nil {
			return in
		}
		return out
	}
	m, err := s.re.bt.FindStringMatch(in)
	for k := 1; err == nil && m != nil && k < s.nth; k++ {
		m, err = s.re.bt.FindNextMatch(m)
	}
	if err != nil || m == nil {
		return in
	}
	out, err := s.re.bt.Replace(in, s.repl, m.RuneIndex, 1)
	if err != nil {
		return in
	}
	return out
}

// rexSed is `rex field=f mode=sed "s/.../.../"`: rewrites every value of
// the field (default _raw).
func (c *compiler) rexSed(n *spl.GenericCommand, field, expr string) applyFn {
	s, why := parseSed(expr)
	if s == nil {
		c.errs.unsupported(n.At, "rex sed expression "+expr, why)
		return nil
	}
	return mapRows(func(r event.Row) event.Row {
		v := r[field]
		if v.Null() {
			return r
		}
		out := make(event.Value, len(v))
		for i, x := range v {
			out[i] = s.apply(x)
		}
		r = r.Clone()
		r[field] = out
		return r
	})
}

// tokenize is makemv tokenizer=: each match's first capture group (the
// whole match without one) becomes a value (Search Reference, "makemv").
func tokenize(re *regexp.Regexp, s string) event.Value {
	var out event.Value
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		v := m[0]
		if len(m) > 1 {
			v = m[1]
		}
		out = append(out, v)
	}
	return out
}
