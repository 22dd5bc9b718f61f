package content

import "strconv"

// flowScalar decodes a plain (quote 0), single- or double-quoted scalar from
// just after its opening quote. Line folding: trailing and leading blanks
// around a break are dropped; a single break becomes a space, and each
// further empty line a newline.
func flowScalar(c *cursor, m *mapper, quote rune) {
	for !m.done() && !c.eof() {
		r := c.peek()
		switch {
		case quote == '\'' && r == '\'':
			if c.peekAt(1) != '\'' {
				return
			}
			m.emit('\'', c.at())
			c.next()
			c.next()
		case quote == '"' && r == '"':
			return
		case quote == '"' && r == '\\':
			escape(c, m)
		case r == ' ' || r == '\t':
			if c.restBlank() {
				c.skipBlanks()
				continue
			}
			m.emit(r, c.at())
			c.next()
		case r == '\n' || r == '\r':
			fold(c, m)
		default:
			m.emit(r, c.at())
			c.next()
		}
	}
}

// fold consumes a line break plus any empty lines after it and the next
// line's indentation, emitting a space or one newline per empty line.
func fold(c *cursor, m *mapper) {
	brk := c.at()
	c.next()
	var empties []loc
	for {
		c.skipBlanks()
		if !c.atBreak() {
			break
		}
		empties = append(empties, c.at())
		c.next()
	}
	if len(empties) == 0 {
		m.emit(' ', brk)
		return
	}
	for _, e := range empties {
		m.emit('\n', e)
	}
}

var simpleEscapes = map[rune]rune{
	'0': 0, 'a': '\a', 'b': '\b', 't': '\t', '\t': '\t', 'n': '\n', 'v': '\v',
	'f': '\f', 'r': '\r', 'e': 0x1b, ' ': ' ', '"': '"', '/': '/', '\\': '\\',
	'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029,
}

var hexEscapes = map[rune]int{'x': 2, 'u': 4, 'U': 8}

// escape decodes one backslash escape of a double-quoted scalar; the decoded
// character maps to the backslash.
func escape(c *cursor, m *mapper) {
	at := c.at()
	c.next()
	r := c.peek()
	if r == '\n' || r == '\r' { // escaped line break: joins lines, no space
		c.next()
		c.skipBlanks()
		return
	}
	if d, ok := simpleEscapes[r]; ok {
		m.emit(d, at)
		c.next()
		return
	}
	if n, ok := hexEscapes[r]; ok {
		c.next()
		digits := make([]rune, 0, n)
		for range n {
			digits = append(digits, c.peek())
			c.next()
		}
		v, err := strconv.ParseUint(string(digits), 16, 32)
		if err == nil {
			m.emit(rune(v), at)
		}
		return
	}
	m.emit(r, at) // invalid escape: yaml.v3 rejects the file before we get here
	c.next()
}

// blockScalar decodes a literal (|) or folded (>) scalar starting at its
// indicator. The indentation is that of the first non-empty line.
func blockScalar(c *cursor, m *mapper, folded bool) {
	for !c.eof() && !c.atBreak() { // header: indicators and comment
		c.next()
	}
	c.next()
	indent := detectIndent(c)
	b := &blockState{m: m, folded: folded}
	for !m.done() && !c.eof() {
		lineStart := c.at()
		for k := 0; k < indent && c.peek() == ' '; k++ {
			c.next()
		}
		if c.atBreak() || c.eof() {
			b.empty(c, lineStart)
			continue
		}
		b.text(c)
	}
	b.finish()
}

// detectIndent counts the leading spaces of the first non-empty line ahead.
func detectIndent(c *cursor) int {
	probe := *c
	for !probe.eof() {
		n := 0
		for probe.peek() == ' ' {
			probe.next()
			n++
		}
		if !probe.atBreak() {
			return n
		}
		probe.next()
	}
	return 0
}

// blockState carries line-folding state across the lines of a block scalar.
type blockState struct {
	m        *mapper
	folded   bool
	brk      *loc  // break after the last text line, not yet emitted
	empties  []loc // empty lines since then
	prevMore bool  // last text line was more indented
}

// empty records an empty line: before any text it is kept as a newline;
// after text it waits for flush, since folding depends on the next line.
func (b *blockState) empty(c *cursor, at loc) {
	if b.brk == nil {
		b.m.emit('\n', at)
	} else {
		b.empties = append(b.empties, at)
	}
	c.next()
}

func (b *blockState) text(c *cursor) {
	more := c.peek() == ' ' || c.peek() == '\t'
	b.flush(more)
	for !c.atBreak() && !c.eof() && !b.m.done() {
		b.m.emit(c.peek(), c.at())
		c.next()
	}
	at := c.at()
	b.brk = &at
	b.prevMore = more
	c.next()
}

// flush emits the pending break and empty lines before a text line.
func (b *blockState) flush(more bool) {
	if b.brk == nil {
		return
	}
	switch {
	case !b.folded || b.prevMore || more:
		b.m.emit('\n', *b.brk)
		for _, e := range b.empties {
			b.m.emit('\n', e)
		}
	case len(b.empties) == 0:
		b.m.emit(' ', *b.brk)
	default:
		for _, e := range b.empties {
			b.m.emit('\n', e)
		}
	}
	b.brk, b.empties = nil, nil
}

// finish emits the final line break (clip chomping); the mapper ignores
// anything beyond the value's length, so strip and keep work too.
func (b *blockState) finish() {
	if b.brk != nil {
		b.m.emit('\n', *b.brk)
		for _, e := range b.empties {
			b.m.emit('\n', e)
		}
	}
}
