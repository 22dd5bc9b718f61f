package spl

import "strings"

// blankComments replaces each ```comment``` (outside double quotes) with
// spaces so that byte offsets stay valid. An unterminated comment runs to
// the end of the text, as in Splunk.
func blankComments(s string) string {
	if !strings.Contains(s, "```") {
		return s
	}
	b := []byte(s)
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '\\':
			i++ // \" outside quotes is a literal quote
		case b[i] == '"':
			i = skipQuoted(s, i) - 1
		case strings.HasPrefix(s[i:], "```"):
			end := strings.Index(s[i+3:], "```")
			stop := len(b)
			if end >= 0 {
				stop = i + 3 + end + 3
			}
			for j := i; j < stop; j++ {
				if b[j] != '\n' {
					b[j] = ' '
				}
			}
			i = stop - 1
		}
	}
	return string(b)
}

// skipQuoted returns the offset just past the double-quoted string that
// starts at s[i] == '"', honouring backslash escapes. An unterminated
// string returns len(s)+1 so callers can tell (see quoteEnd).
func skipQuoted(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(s)
}

// quoteClosed reports whether the quoted string at s[i] is terminated.
func quoteClosed(s string, i int) bool {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return true
		}
	}
	return false
}

// matchBracket returns the offset of the ']' closing the '[' at s[i],
// skipping quoted strings and nested brackets, or -1.
func matchBracket(s string, i, end int) int {
	depth := 0
	for j := i; j < end; j++ {
		switch s[j] {
		case '\\':
			j++ // an escaped character (\\" outside quotes) is literal
		case '"':
			j = skipQuoted(s[:end], j) - 1
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// splitPipes returns the [start,end) spans of the pipeline stages in
// s[start:end]: '|' inside quotes or brackets does not split. unclosed is
// the offset of a '[' that is never closed, or -1.
func splitPipes(s string, start, end int) (spans [][2]int, unclosed int) {
	var opens []int
	from := start
	for j := start; j < end; j++ {
		switch s[j] {
		case '\\':
			j++ // an escaped character (\\" outside quotes) is literal
		case '"':
			j = skipQuoted(s[:end], j) - 1
		case '[':
			opens = append(opens, j)
		case ']':
			if len(opens) > 0 {
				opens = opens[:len(opens)-1]
			}
		case '|':
			if len(opens) == 0 {
				spans = append(spans, [2]int{from, j})
				from = j + 1
			}
		}
	}
	unclosed = -1
	if len(opens) > 0 {
		unclosed = opens[0]
	}
	return append(spans, [2]int{from, end}), unclosed
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipSpace returns the first non-space offset in s[i:end].
func skipSpace(s string, i, end int) int {
	for i < end && isSpace(s[i]) {
		i++
	}
	return i
}

// trimSpan trims spaces at both ends of s[start:end].
func trimSpan(s string, start, end int) (int, int) {
	start = skipSpace(s, start, end)
	for end > start && isSpace(s[end-1]) {
		end--
	}
	return start, end
}

// unescape resolves SPL's two escapes, \\ and \", keeping any other
// backslash literally (C:\Windows stays as written).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '\\' || s[i+1] == '"') {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
