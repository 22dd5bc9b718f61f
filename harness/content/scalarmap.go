package content

import (
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// scalarMap maps byte offsets of a scalar's decoded value back to the file
// position of the character that produced each byte. It re-decodes the
// scalar from the file text following YAML's rules for its style, and only
// trusts the result if it reproduces the value yaml.v3 decoded; otherwise
// every offset maps to the scalar's start. The map is built on first use and
// kept, since an SPL parser may ask for many positions.
type scalarMap struct {
	once sync.Once
	locs []loc
}

func (s *scalarMap) locate(file string, src []byte, n *yaml.Node, offset int) Pos {
	if n == nil {
		return Pos{File: file}
	}
	s.once.Do(func() { s.locs = mapScalar(src, n) })
	if len(s.locs) == 0 {
		return nodePos(file, n)
	}
	offset = min(max(offset, 0), len(s.locs)-1)
	return Pos{File: file, Line: s.locs[offset].line, Col: s.locs[offset].col}
}

type loc struct{ line, col int }

// mapScalar returns the source position of each byte of n.Value, or nil if
// the file text could not be matched to the value.
func mapScalar(src []byte, n *yaml.Node) []loc {
	c := newCursor(src, n.Line, n.Column)
	if c == nil {
		return nil
	}
	m := &mapper{want: len(n.Value)}
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		blockScalar(c, m, false)
	case n.Style&yaml.FoldedStyle != 0:
		blockScalar(c, m, true)
	case n.Style&yaml.SingleQuotedStyle != 0:
		c.next()
		flowScalar(c, m, '\'')
	case n.Style&yaml.DoubleQuotedStyle != 0:
		c.next()
		flowScalar(c, m, '"')
	default:
		flowScalar(c, m, 0)
	}
	if string(m.out) != n.Value {
		return nil
	}
	return m.locs
}

// mapper accumulates decoded bytes with their source positions.
type mapper struct {
	out  []byte
	locs []loc
	want int
}

func (m *mapper) done() bool { return len(m.out) >= m.want }

// emit appends r, unless the value is already complete: trailing line
// breaks beyond it are chomped away (|- and >-).
func (m *mapper) emit(r rune, at loc) {
	if m.done() {
		return
	}
	var buf [utf8.UTFMax]byte
	k := utf8.EncodeRune(buf[:], r)
	m.out = append(m.out, buf[:k]...)
	for range k {
		m.locs = append(m.locs, at)
	}
}

// cursor walks the file text rune by rune, tracking line and column.
type cursor struct {
	src       []byte
	i         int
	line, col int
}

// newCursor positions a cursor at line:col (1-based, col in runes).
func newCursor(src []byte, line, col int) *cursor {
	c := &cursor{src: src, line: 1, col: 1}
	for c.line < line {
		if c.eof() {
			return nil
		}
		c.next()
	}
	for c.col < col && !c.eof() && !c.atBreak() {
		c.next()
	}
	if c.line != line || c.col != col {
		return nil
	}
	return c
}

func (c *cursor) eof() bool { return c.i >= len(c.src) }
func (c *cursor) at() loc   { return loc{c.line, c.col} }

func (c *cursor) peek() rune { return c.peekAt(0) }

// peekAt returns the rune k runes ahead, or -1 past the end.
func (c *cursor) peekAt(k int) rune {
	i := c.i
	for ; k > 0 && i < len(c.src); k-- {
		_, size := utf8.DecodeRune(c.src[i:])
		i += size
	}
	if i >= len(c.src) {
		return -1
	}
	r, _ := utf8.DecodeRune(c.src[i:])
	return r
}

func (c *cursor) atBreak() bool { r := c.peek(); return r == '\n' || r == '\r' }

// next advances one rune; a line break (\n, \r\n or \r) counts as one.
func (c *cursor) next() {
	if c.eof() {
		return
	}
	r, size := utf8.DecodeRune(c.src[c.i:])
	c.i += size
	if r == '\r' && c.peek() == '\n' {
		c.i++
	}
	if r == '\n' || r == '\r' {
		c.line, c.col = c.line+1, 1
		return
	}
	c.col++
}

// restBlank reports whether only spaces/tabs remain before the line break.
func (c *cursor) restBlank() bool {
	for k := 0; ; k++ {
		switch c.peekAt(k) {
		case ' ', '\t':
			continue
		case '\n', '\r', -1:
			return true
		default:
			return false
		}
	}
}

func (c *cursor) skipBlanks() {
	for r := c.peek(); r == ' ' || r == '\t'; r = c.peek() {
		c.next()
	}
}
