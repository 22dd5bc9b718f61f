package ingest

import (
	"bytes"
	"io"
)

// values splits a stream of JSON values by bracket depth: objects are
// records, arrays and Records wrappers hold records.
func (js *jsonStream) values() error {
	if bom, _ := js.r.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		js.discard(3)
	}
	for {
		c, err := js.skipWS()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch {
		case c == '[':
			js.discard(1)
			err = js.elements()
		case c == '{' && js.atWrapper():
			err = js.wrapper()
		case c == '{':
			err = js.record()
		default:
			err = js.junk(c)
		}
		if err != nil {
			return err
		}
	}
}

// record reads one value and emits it; a value cut off by the end of the
// input is a problem, a read error (a truncated archive) ends the scan.
func (js *jsonStream) record() error {
	start := js.off
	raw, err := js.readValue()
	if err == io.ErrUnexpectedEOF {
		return js.problem(start, "record not closed before the end of the input (%d bytes)", len(raw))
	}
	if err != nil {
		return err
	}
	if raw[0] != '{' {
		return js.problem(start, "a JSON %s is not an object: no event", jsonKind(raw[0]))
	}
	return js.emit(raw, start)
}

// elements reads the records of an array whose '[' was consumed.
func (js *jsonStream) elements() error {
	for {
		c, err := js.skipWS()
		if err == io.EOF {
			return js.problem(js.off, "array not closed before the end of the input")
		}
		if err != nil {
			return err
		}
		if c == ']' {
			js.discard(1)
			return nil
		}
		if err := js.record(); err != nil {
			return err
		}
		c, err = js.skipWS()
		switch {
		case err == io.EOF:
			return js.problem(js.off, "array not closed before the end of the input")
		case err != nil:
			return err
		case c == ',':
			js.discard(1)
		case c != ']':
			return js.junk(c)
		}
	}
}

func (js *jsonStream) atWrapper() bool {
	head, _ := js.r.Peek(256)
	return recordsWrapper.Match(head)
}

// wrapper reads {"Records":[...]}: the array's elements are the records;
// other keys of the wrapper carry no events and are passed over.
func (js *jsonStream) wrapper() error {
	head, _ := js.r.Peek(256)
	js.discard(len(recordsWrapper.Find(head)))
	if err := js.elements(); err != nil {
		return err
	}
	start := js.off
	if _, err := js.readNested(1); err != nil {
		if err == io.ErrUnexpectedEOF {
			return js.problem(start, "Records wrapper object not closed before the end of the input")
		}
		return err
	}
	return nil
}

// junk reports text that cannot start a record and skips its line.
func (js *jsonStream) junk(c byte) error {
	start := js.off
	for {
		b, err := js.readByte()
		if err == io.EOF || b == '\n' {
			break
		}
		if err != nil {
			return err
		}
	}
	return js.problem(start, "unexpected %q: not the start of a JSON record; rest of the line skipped", c)
}

// readValue reads one whole JSON value: a string, a scalar, or an object or
// array up to its matching bracket.
func (js *jsonStream) readValue() ([]byte, error) {
	js.buf = js.buf[:0]
	c, err := js.readByte()
	if err != nil {
		return nil, err
	}
	js.buf = append(js.buf, c)
	switch c {
	case '{', '[':
		return js.readNested(1)
	case '"':
		return js.buf, js.readString()
	}
	for {
		b, err := js.r.Peek(1)
		if err != nil || isSpace(b[0]) || bytes.IndexByte([]byte(",]}[{\""), b[0]) >= 0 {
			if err == io.EOF {
				err = nil
			}
			return js.buf, err
		}
		js.buf = append(js.buf, b[0])
		js.discard(1)
	}
}

// readNested appends bytes until depth returns to zero, minding strings.
func (js *jsonStream) readNested(depth int) ([]byte, error) {
	for depth > 0 {
		c, err := js.readByte()
		if err != nil {
			return js.buf, eofIsUnexpected(err)
		}
		js.buf = append(js.buf, c)
		switch c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			if err := js.readString(); err != nil {
				return js.buf, err
			}
		}
	}
	return js.buf, nil
}

// readString appends a string's bytes through its closing quote.
func (js *jsonStream) readString() error {
	for {
		c, err := js.readByte()
		if err != nil {
			return eofIsUnexpected(err)
		}
		js.buf = append(js.buf, c)
		switch c {
		case '"':
			return nil
		case '\\':
			c, err = js.readByte()
			if err != nil {
				return eofIsUnexpected(err)
			}
			js.buf = append(js.buf, c)
		}
	}
}

func (js *jsonStream) skipWS() (byte, error) {
	for {
		b, err := js.r.Peek(1)
		if err != nil {
			return 0, err
		}
		if !isSpace(b[0]) {
			return b[0], nil
		}
		js.discard(1)
	}
}

func (js *jsonStream) readByte() (byte, error) {
	c, err := js.r.ReadByte()
	if err == nil {
		js.off++
	}
	return c, err
}

func (js *jsonStream) discard(n int) {
	d, _ := js.r.Discard(n)
	js.off += int64(d)
}

func eofIsUnexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func jsonKind(c byte) string {
	switch c {
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number or other scalar"
}
