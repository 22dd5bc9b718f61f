package ingest

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The JSON field extraction, named as Splunk's spath (and KV_MODE=json)
// names fields: nested object keys joined with ".", an array level written
// "{}" (so {"a":[{"b":1},{"b":2}]} gives a{}.b = 1, 2 as one multivalue
// field). Leaves keep their JSON text: numbers exactly as written
// (-9223372036854775808 stays that, not a float), true/false, and null as
// the word "null". Empty objects and arrays give no field; an empty string
// gives a field with an empty value. The null and empty-string choices are
// pinned by a real event: the AWS CloudTrail ConsoleLogin data source
// lists requestParameters (null in its example_log) and
// userIdentity.accessKeyId ("" in it) among the fields Splunk showed.
//
// It is hand-written rather than built on a JSON library because it slices
// leaf values straight out of the event text (no copy unless a string holds
// escapes), which is what lets JSON lines reach the speed the issue asks.

const jsonMaxDepth = 512

// ExtractJSON calls emit for each leaf of the JSON value in raw, in document
// order, with its spath name. It fails on anything that is not exactly one
// valid JSON value (surrounding whitespace allowed); the error gives the
// byte offset. Keys and values passed to emit may share raw's memory.
func ExtractJSON(raw string, emit func(name, value string)) error {
	p := jsonParser{s: raw, emit: func(path []byte, v string) { emit(string(path), v) }}
	return p.document()
}

// jsonParser is one pass over one JSON document.
type jsonParser struct {
	s     string
	i     int
	path  []byte
	depth int
	emit  func(path []byte, value string)
}

type jsonError struct {
	off int
	msg string
}

func (e *jsonError) Error() string { return fmt.Sprintf("invalid JSON at byte %d: %s", e.off, e.msg) }

func (p *jsonParser) fail(msg string, args ...any) error {
	return &jsonError{off: p.i, msg: fmt.Sprintf(msg, args...)}
}

func (p *jsonParser) document() error {
	p.ws()
	if err := p.value(); err != nil {
		return err
	}
	p.ws()
	if p.i < len(p.s) {
		return p.fail("unexpected %q after the JSON value", p.s[p.i])
	}
	return nil
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value() error {
	if p.i >= len(p.s) {
		return p.fail("unexpected end of input")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.nested(p.object)
	case c == '[':
		return p.nested(p.array)
	case c == '"':
		v, err := p.str()
		if err != nil {
			return err
		}
		p.leaf(v)
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		return p.fail("unexpected %q where a value should start", c)
	}
	return nil
}

// leaf emits a value; a bare scalar document has no name and no field.
func (p *jsonParser) leaf(v string) {
	if len(p.path) > 0 {
		p.emit(p.path, v)
	}
}

func (p *jsonParser) nested(f func() error) error {
	p.depth++
	if p.depth > jsonMaxDepth {
		return p.fail("nested deeper than %d levels", jsonMaxDepth)
	}
	err := f()
	p.depth--
	return err
}

func (p *jsonParser) object() error {
	p.i++ // {
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return nil
	}
	for {
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return p.fail("object key expected")
		}
		key, err := p.str()
		if err != nil {
			return err
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return p.fail("':' expected after object key")
		}
		p.i++
		p.ws()
		saved := len(p.path)
		if saved > 0 {
			p.path = append(p.path, '.')
		}
		p.path = append(p.path, key...)
		if err := p.value(); err != nil {
			return err
		}
		p.path = p.path[:saved]
		if done, err := p.separator('}'); done || err != nil {
			return err
		}
	}
}

func (p *jsonParser) array() error {
	p.i++ // [
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return nil
	}
	saved := len(p.path)
	p.path = append(p.path, "{}"...)
	for {
		p.ws()
		if err := p.value(); err != nil {
			return err
		}
		if done, err := p.separator(']'); done || err != nil {
			p.path = p.path[:saved]
			return err
		}
	}
}

// separator consumes "," (more to come) or the closing byte (done).
func (p *jsonParser) separator(closing byte) (done bool, err error) {
	p.ws()
	if p.i >= len(p.s) {
		return true, p.fail("unexpected end of input, %q or ',' expected", closing)
	}
	switch p.s[p.i] {
	case ',':
		p.i++
		return false, nil
	case closing:
		p.i++
		return true, nil
	}
	return true, p.fail("unexpected %q, %q or ',' expected", p.s[p.i], closing)
}

func (p *jsonParser) literal(word string) error {
	if !strings.HasPrefix(p.s[p.i:], word) {
		return p.fail("invalid literal, %q expected", word)
	}
	p.i += len(word)
	p.leaf(word)
	return nil
}

// number checks JSON number syntax and emits the number as written.
func (p *jsonParser) number() error {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.s) && p.s[p.i] == '0':
		p.i++
	case p.digits() == 0:
		return p.fail("digit expected in number")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return p.fail("digit expected after decimal point")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return p.fail("digit expected in exponent")
		}
	}
	p.leaf(p.s[start:p.i])
	return nil
}

func (p *jsonParser) digits() int {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	return p.i - start
}

// str reads a string at p.i (the opening quote) and returns its value: a
// slice of the input when it has no escapes, else a decoded copy. The
// closing quote and any backslash are found with IndexByte (vectorised);
// only the control-character check walks the bytes.
func (p *jsonParser) str() (string, error) {
	start := p.i + 1
	q := strings.IndexByte(p.s[start:], '"')
	if q < 0 {
		p.i = len(p.s)
		return "", p.fail("unterminated string")
	}
	seg := p.s[start : start+q]
	if strings.IndexByte(seg, '\\') >= 0 {
		return p.escapedStr(start)
	}
	for j := 0; j < len(seg); j++ {
		if seg[j] < 0x20 {
			p.i = start + j
			return "", p.fail("control character %#x in string", seg[j])
		}
	}
	p.i = start + q + 1
	return seg, nil
}

// escapedStr is str for a string holding escapes: its end is the first
// quote preceded by an even run of backslashes.
func (p *jsonParser) escapedStr(start int) (string, error) {
	j := start
	for {
		q := strings.IndexByte(p.s[j:], '"')
		if q < 0 {
			p.i = len(p.s)
			return "", p.fail("unterminated string")
		}
		q += j
		k := q - 1
		for k >= start && p.s[k] == '\\' {
			k--
		}
		if (q-1-k)%2 == 0 {
			for c := start; c < q; c++ {
				if p.s[c] < 0x20 {
					p.i = c
					return "", p.fail("control character %#x in string", p.s[c])
				}
			}
			p.i = q + 1
			return p.unescape(start, q)
		}
		j = q + 1
	}
}

// unescape decodes s[start:end] as encoding/json does: \uXXXX surrogate
// pairs are joined, a lone surrogate becomes U+FFFD.
func (p *jsonParser) unescape(start, end int) (string, error) {
	in := p.s[start:end]
	var out strings.Builder // its String() does not copy again
	out.Grow(len(in))
	for k := 0; k < len(in); k++ {
		if in[k] != '\\' {
			run := strings.IndexByte(in[k:], '\\')
			if run < 0 {
				run = len(in) - k
			}
			out.WriteString(in[k : k+run])
			k += run - 1
			continue
		}
		k++
		if k >= len(in) {
			return "", &jsonError{off: start + k, msg: "unterminated escape"}
		}
		switch in[k] {
		case '"', '\\', '/':
			out.WriteByte(in[k])
		case 'b':
			out.WriteByte('\b')
		case 'f':
			out.WriteByte('\f')
		case 'n':
			out.WriteByte('\n')
		case 'r':
			out.WriteByte('\r')
		case 't':
			out.WriteByte('\t')
		case 'u':
			r, n, ok := decodeU(in[k+1:])
			if !ok {
				return "", &jsonError{off: start + k, msg: "invalid \\u escape"}
			}
			out.WriteRune(r)
			k += n
		default:
			return "", &jsonError{off: start + k, msg: fmt.Sprintf("invalid escape \\%c", in[k])}
		}
	}
	return out.String(), nil
}

// decodeU reads the hex digits after \u (and a following \uXXXX low
// surrogate); n is how many bytes after the 'u' were used.
func decodeU(s string) (r rune, n int, ok bool) {
	r1, ok := hex4(s)
	if !ok {
		return 0, 0, false
	}
	if !utf16.IsSurrogate(r1) {
		return r1, 4, true
	}
	if len(s) >= 10 && s[4] == '\\' && s[5] == 'u' {
		if r2, ok := hex4(s[6:]); ok {
			if dec := utf16.DecodeRune(r1, r2); dec != utf8.RuneError {
				return dec, 10, true
			}
		}
	}
	return utf8.RuneError, 4, true
}

func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[:4]) {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}
