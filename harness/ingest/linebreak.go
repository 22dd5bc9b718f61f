package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"unicode/utf8"

	"github.com/dactest/dactest/harness/event"
)

// Text under an index plan is broken as Splunk's parsing pipeline does:
// LINE_BREAKER cuts the stream into lines (its first capture group is the
// text between them, dropped), TRUNCATE cuts each line, then with
// SHOULD_LINEMERGE the lines are merged into events (lineMerger), and
// each event gets its _time (eventClock). Streaming: memory is bounded by
// the longest event, itself bounded by maxEventBytes.

// maxEventBytes bounds a chunk without a LINE_BREAKER match (Splunk's
// LB_CHUNK_BREAKER_TRUNCATE default, 2000000): longer text is cut there.
const maxEventBytes = 2_000_000

// textEvent is one broken chunk of text and where it starts.
type textEvent struct {
	text []byte
	off  int64
}

func scanText(r *bufio.Reader, name string, meta Meta, opt ReadOptions, p *indexPlan, yield func(event.Row, *Problem) bool) error {
	clock := newEventClock(p, opt)
	record := 0
	json := newJSONRowBuilder(meta, nil)
	emit := func(raw string, off int64) bool {
		record++
		row := newRow(raw, clock.stamp(raw), meta, "")
		json.jsonLeavesInto(row, raw)
		return yield(row, nil)
	}
	var out func(textEvent) bool
	if p.shouldLinemerge {
		m := &lineMerger{p: p, clock: clock, emit: emit}
		out = m.add
		defer func() {
			if m.n > 0 {
				m.flush()
			}
		}()
	} else {
		out = func(e textEvent) bool { return emit(string(e.text), e.off) }
	}
	cut := func(e textEvent) bool {
		e.text = truncateLine(e.text, p.truncate)
		return out(e)
	}
	if p.lineBreaker == nil {
		return breakLines(r, cut)
	}
	b := &regexBreaker{r: r, re: p.lineBreaker, atNewline: p.breakerAtNewline}
	return b.run(name, cut, yield)
}

// breakLines is LINE_BREAKER ([\r\n]+): every non-blank line.
func breakLines(r *bufio.Reader, out func(textEvent) bool) error {
	return eachLine(r, func(line []byte, start int64) bool { return out(textEvent{line, start}) })
}

// truncateLine cuts a line to n bytes (0: no limit) at a rune boundary.
func truncateLine(b []byte, n int) []byte {
	if n <= 0 || len(b) <= n {
		return b
	}
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return b[:n]
}

// regexBreaker cuts a stream where a LINE_BREAKER regex matches.
type regexBreaker struct {
	r         *bufio.Reader
	re        *regexp.Regexp
	atNewline *regexp.Regexp // re anchored, tried at each \r or \n; nil: search
	buf       []byte
	off       int64 // stream offset of buf[0]
	eof       bool
	block     int // bytes read at a time; 0: 64 KB
}

func (b *regexBreaker) run(name string, out func(textEvent) bool, yield func(event.Row, *Problem) bool) error {
	start, from := 0, 0 // the event starts at start; the search resumes at from
	for {
		m := b.find(from)
		// A match touching the end of what is read may grow with more text.
		if m != nil && (from+m[1] < len(b.buf) || b.eof) {
			gs, ge := from+m[2], from+m[3]
			if m[2] < 0 || ge == start { // no group text, or an empty one at the event's start: look further
				from += max(m[1], 1)
				if from <= len(b.buf) {
					continue
				}
			} else {
				if !b.emit(start, gs, out) {
					return nil
				}
				start, from = ge, ge
				continue
			}
		}
		if len(b.buf)-start > maxEventBytes {
			msg := fmt.Sprintf("no LINE_BREAKER match in %d bytes; the event is cut there", maxEventBytes)
			if !yield(nil, &Problem{Path: name, Offset: b.off + int64(start), Msg: msg}) || !b.emit(start, start+maxEventBytes, out) {
				return nil
			}
			start += maxEventBytes
			from = start
			continue
		}
		if b.eof {
			b.emit(start, len(b.buf), out)
			return nil
		}
		b.off += int64(start)
		b.buf = append(b.buf[:0], b.buf[start:]...)
		start, from = 0, 0
		if err := b.fill(); err != nil {
			return err
		}
	}
}

// find is re.FindSubmatchIndex on buf[from:]; with atNewline it tries
// the anchored form at each line end only.
func (b *regexBreaker) find(from int) []int {
	if b.atNewline == nil {
		return b.re.FindSubmatchIndex(b.buf[from:])
	}
	for at := from; at < len(b.buf); at++ {
		i := bytes.IndexAny(b.buf[at:], "\r\n")
		if i < 0 {
			return nil
		}
		at += i
		if m := b.atNewline.FindSubmatchIndex(b.buf[at:]); m != nil {
			for k := range m {
				if m[k] >= 0 {
					m[k] += at - from
				}
			}
			return m
		}
	}
	return nil
}

// emit hands on buf[from:to] unless it is blank.
func (b *regexBreaker) emit(from, to int, out func(textEvent) bool) bool {
	text := b.buf[from:to]
	if len(bytes.TrimSpace(text)) == 0 {
		return true
	}
	return out(textEvent{bytes.Clone(text), b.off + int64(from)})
}

// fill reads the next block.
func (b *regexBreaker) fill() error {
	size := b.block
	if size == 0 {
		size = 64 << 10
	}
	b.buf = slices.Grow(b.buf, size)
	n, err := io.ReadFull(b.r, b.buf[len(b.buf):len(b.buf)+size])
	b.buf = b.buf[:len(b.buf)+n]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		b.eof = true
		return nil
	}
	return err
}

// lineMerger joins lines into events (SHOULD_LINEMERGE = true): a line
// starts a new event when the previous one matched MUST_BREAK_AFTER, the
// event holds MAX_EVENTS lines, or - unless MUST_NOT_BREAK_BEFORE matches
// it or a MUST_NOT_BREAK_AFTER line is still open - it matches
// BREAK_ONLY_BEFORE, or (without BREAK_ONLY_BEFORE) holds a timestamp
// while BREAK_ONLY_BEFORE_DATE is on. Lines are joined with "\n".
type lineMerger struct {
	p          *indexPlan
	clock      *eventClock
	emit       func(string, int64) bool
	cur        bytes.Buffer
	off        int64
	n          int
	breakNext  bool // the last line matched MUST_BREAK_AFTER
	holdBreaks bool // a MUST_NOT_BREAK_AFTER line is open
}

func (m *lineMerger) add(e textEvent) bool {
	if m.n > 0 && m.breaksBefore(e.text) {
		if !m.flush() {
			return false
		}
	}
	if m.n == 0 {
		m.off = e.off
	} else {
		m.cur.WriteByte('\n')
	}
	m.cur.Write(e.text)
	m.n++
	p := m.p
	m.breakNext = p.mustBreakAfter != nil && p.mustBreakAfter.Match(e.text)
	if m.breakNext {
		m.holdBreaks = false
	} else if p.mustNotBreakAfter != nil && p.mustNotBreakAfter.Match(e.text) {
		m.holdBreaks = true
	}
	return true
}

func (m *lineMerger) breaksBefore(line []byte) bool {
	p := m.p
	switch {
	case m.breakNext || m.n >= p.maxEvents:
		return true
	case m.holdBreaks || p.mustNotBreakBefore != nil && p.mustNotBreakBefore.Match(line):
		return false
	case p.breakOnlyBefore != nil:
		return p.breakOnlyBefore.Match(line)
	case p.breakOnlyBeforeDate:
		_, ok := m.clock.find(string(line))
		return ok
	}
	return false
}

func (m *lineMerger) flush() bool {
	raw := m.cur.String()
	m.cur.Reset()
	m.n, m.breakNext, m.holdBreaks = 0, false, false
	return m.emit(raw, m.off)
}
