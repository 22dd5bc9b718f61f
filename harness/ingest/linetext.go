package ingest

import (
	"bufio"
	"bytes"
	"io"

	"github.com/dactest/dactest/harness/event"
)

// Line-based text that no index-time stanza speaks for: one event per
// non-blank line (LINE_BREAKER ([\r\n]+), SHOULD_LINEMERGE false, as the
// add-ons for syslog-style sources set). _time is the first timestamp
// recognised in the line's first 128 characters (Splunk's default
// MAX_TIMESTAMP_LOOKAHEAD and datetime.xml recognition: ISO 8601, syslog,
// access-log, msg=audit(epoch:n), ...); a line without one takes the
// previous event's _time, as Splunk does. Fields are left to the add-ons
// (KV_MODE, EXTRACT) at search time.

// defaultLookahead is system/default/props.conf's MAX_TIMESTAMP_LOOKAHEAD.
const defaultLookahead = 128

// lookahead cuts s to n bytes.
func lookahead(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// lineReader hands out lines of any length with their byte offsets.
type lineReader struct {
	r     *bufio.Reader
	off   int64
	lines int // lines returned so far: the last one's 1-based number
	buf   []byte
}

// next returns a line without its line ending, the offset of its first
// byte, and io.EOF after the last line; other errors are read errors.
func (lr *lineReader) next() (line []byte, start int64, err error) {
	line, start, err = lr.nextKeepCR()
	return bytes.TrimRight(line, "\r"), start, err
}

// nextKeepCR is next keeping a carriage return that ends the line, for
// formats whose _raw keeps Windows line endings.
// eachLine calls f with every non-blank line (without its line end) and
// its byte offset, until f returns false or the input ends.
func eachLine(r *bufio.Reader, f func(line []byte, start int64) bool) error {
	lr := &lineReader{r: r}
	for {
		line, start, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) > 0 && !f(line, start) {
			return nil
		}
	}
}

func (lr *lineReader) nextKeepCR() (line []byte, start int64, err error) {
	start = lr.off
	line, err = lr.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.buf = append(lr.buf[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = lr.r.ReadSlice('\n')
			lr.buf = append(lr.buf, line...)
		}
		line = lr.buf
	}
	lr.off += int64(len(line))
	if err == io.EOF && len(line) > 0 {
		err = nil
	}
	if err == nil {
		lr.lines++
	}
	return bytes.TrimSuffix(line, []byte("\n")), start, err
}

func scanLines(r *bufio.Reader, name string, meta Meta, opt ReadOptions, yield func(event.Row, *Problem) bool) error {
	loc, year := opt.location(), opt.year()
	last := ""
	return eachLine(r, func(line []byte, _ int64) bool {
		raw := string(line)
		if t, ok := autoTime(lookahead(raw, defaultLookahead), loc, year); ok {
			last = epochText(t)
		}
		return yield(newRow(raw, last, meta, ""), nil)
	})
}
