package engine

import (
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// likeMatch is SQL-style LIKE as in Splunk's like(): % any run, _ one
// character; case-sensitive and anchored at both ends.
func likeMatch(s, p string) bool {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for _, ch := range p {
		switch ch {
		case '%':
			b.WriteString(`.*`)
		case '_':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	b.WriteString(`$`)
	re, err := regexp.Compile(b.String())
	return err == nil && re.MatchString(s)
}

// literalRegexp compiles a regex argument that must be a string literal;
// a pattern neither RE2 nor regexp2 accepts is reported at compile time.
func (c *compiler) literalRegexp(n *spl.Call, arg int) *rx {
	lit, ok := n.Args[arg].(*spl.Literal)
	if !ok || lit.Kind != spl.LitString {
		c.errs.unsupported(n.At, "function "+n.Func, "regex must be a string literal")
		return nil
	}
	re, err := compileRx(lit.Value)
	if err != nil {
		c.errs.unsupported(lit.At, "regex "+lit.Value, err.Error())
		return nil
	}
	return re
}

func buildMatch(c *compiler, n *spl.Call, a []evalFn) evalFn {
	reOf := c.regexArg(n, a, 1)
	return func(r event.Row) val {
		v := a[0](r)
		re := reOf(r)
		if v.isNull() || re == nil {
			return nullVal
		}
		for _, s := range v.items() {
			if re.MatchString(s) {
				return trueVal
			}
		}
		return falseVal
	}
}

// buildReplace is replace(X, regex, replacement); \1 in the replacement
// refers to a capture group.
func buildReplace(c *compiler, n *spl.Call, a []evalFn) evalFn {
	reOf := c.regexArg(n, a, 1)
	return func(r event.Row) val {
		s, ok := a[0](r).str()
		repl, okR := a[2](r).str()
		re := reOf(r)
		if !ok || !okR || re == nil {
			return nullVal
		}
		return strVal(re.replace(s, repl))
	}
}

// goReplacement turns a PCRE-style replacement into Go's: \N names a
// group, \\ is a backslash, $ is literal.
func goReplacement(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '$':
			b.WriteString("$$")
		case s[i] == '\\' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			b.WriteString("${" + s[i+1:i+2] + "}")
			i++
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == '\\':
			b.WriteByte('\\')
			i++
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
