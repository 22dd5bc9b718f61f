package ingest

import "strings"

// CloseTruncatedJSON closes a JSON object or array cut short - a Splunk
// event truncated at TRUNCATE bytes, or an example copied with a length
// limit - so the complete values before the cut can still be read. The
// text is cut back to the end of the last complete value (a string, key
// or number cut in the middle is dropped, never shortened) and the open
// arrays and objects are closed. ok is false for text that is not a
// truncated JSON container: complete JSON, or anything else.
func CloseTruncatedJSON(s string) (closed string, ok bool) {
	t := strings.TrimRight(s, " \t\r\n")
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return s, false
	}
	c := jsonCloser{}
	for i := 0; i < len(t); i++ {
		if !c.step(t, i) {
			return s, false
		}
	}
	if len(c.open) == 0 {
		return s, false // complete (or garbage after the end): not ours
	}
	return t[:c.safe] + closers(c.safeOpen), true
}

// jsonCloser follows the nesting of a JSON text byte by byte, remembering
// where the last complete value ended and what was open there.
type jsonCloser struct {
	open     []byte // '{' or '[' per open container
	expect   []bool // per container: true while an object awaits a key
	inString bool
	escaped  bool
	isKey    bool
	scalar   bool // inside a number or literal
	safe     int
	safeOpen string
}

func (c *jsonCloser) step(t string, i int) bool {
	b := t[i]
	if c.inString {
		c.stringByte(b, i)
		return true
	}
	if c.scalar {
		if !strings.ContainsRune(",}] \t\r\n", rune(b)) {
			return true
		}
		c.scalar = false
		c.markSafe(i)
	}
	switch b {
	case '{', '[':
		c.open = append(c.open, b)
		c.expect = append(c.expect, b == '{')
		c.markSafe(i + 1)
	case '}', ']':
		if len(c.open) == 0 || (b == '}') != (c.open[len(c.open)-1] == '{') {
			return false
		}
		c.open, c.expect = c.open[:len(c.open)-1], c.expect[:len(c.expect)-1]
		c.markSafe(i + 1)
	case ',':
		if n := len(c.open); n > 0 && c.open[n-1] == '{' {
			c.expect[n-1] = true
		}
	case '"':
		c.inString = true
		n := len(c.open)
		c.isKey = n > 0 && c.expect[n-1]
		if c.isKey {
			c.expect[n-1] = false
		}
	case ':', ' ', '\t', '\r', '\n':
	default:
		if len(c.open) == 0 {
			return false
		}
		c.scalar = true
	}
	return true
}

func (c *jsonCloser) stringByte(b byte, i int) {
	switch {
	case c.escaped:
		c.escaped = false
	case b == '\\':
		c.escaped = true
	case b == '"':
		c.inString = false
		if !c.isKey {
			c.markSafe(i + 1)
		}
	}
}

func (c *jsonCloser) markSafe(end int) {
	c.safe = end
	c.safeOpen = string(c.open)
}

// closers closes the containers opened in open, innermost first.
func closers(open string) string {
	var sb strings.Builder
	for i := len(open) - 1; i >= 0; i-- {
		if open[i] == '{' {
			sb.WriteByte('}')
		} else {
			sb.WriteByte(']')
		}
	}
	return sb.String()
}
