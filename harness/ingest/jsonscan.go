package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/dactest/dactest/harness/event"
)

// JSON record splitting. Every top-level JSON object is one event; a
// top-level array's elements are events (Splunk's JSON line breaking splits
// an array of objects the same way), and so are the elements of a
// {"Records":[...]} wrapper, the shape CloudTrail writes its S3 files in.
// A file whose first record is one line is read as JSON lines: each line is
// a record, and a bad line is reported with its offset and skipped. Other
// files (pretty-printed objects such as Sigma's evtx_dump output, arrays)
// are split by bracket depth, streaming, so a large array is never held
// whole.

// recordsWrapper matches the start of a CloudTrail-style wrapper object.
var recordsWrapper = regexp.MustCompile(`^\{\s*"Records"\s*:\s*\[`)

// jsonStream reads one JSON input and yields its events.
type jsonStream struct {
	r     *bufio.Reader
	name  string
	off   int64 // bytes consumed from r
	rec   int   // records seen (events and problems)
	b     *jsonRowBuilder
	yield func(event.Row, *Problem) bool
	stop  bool
	buf   []byte
}

// errStop ends a scan because yield returned false.
var errStop = errors.New("stop")

func scanJSON(r *bufio.Reader, name string, meta Meta, opt ReadOptions, yield func(event.Row, *Problem) bool) error {
	js := &jsonStream{r: r, name: name, b: newJSONRowBuilder(meta, opt.location()), yield: yield}
	js.b.clock = planClock(opt)
	var err error
	if js.firstRecordIsOneLine() {
		err = js.lines()
	} else {
		err = js.values()
	}
	if err == errStop {
		return nil
	}
	return err
}

// firstRecordIsOneLine tells JSON lines from pretty-printed JSON: the first
// line must hold one whole object that is not a Records wrapper.
func (js *jsonStream) firstRecordIsOneLine() bool {
	head, _ := js.r.Peek(64 << 10)
	head = bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")
	nl := bytes.IndexByte(head, '\n')
	if nl < 0 {
		nl = len(head)
	}
	first := bytes.TrimSpace(head[:nl])
	if len(first) == 0 || first[0] != '{' || recordsWrapper.Match(first) {
		return false
	}
	p := jsonParser{s: string(first), emit: func([]byte, string) {}}
	return p.document() == nil
}

// emit turns one record's text into an event or a problem.
func (js *jsonStream) emit(raw []byte, off int64) error {
	js.rec++
	row, err := js.b.build(string(raw))
	var ok bool
	if err != nil {
		ok = js.yield(nil, &Problem{Path: js.name, Record: js.rec, Offset: off, Msg: err.Error()})
	} else {
		ok = js.yield(row, nil)
	}
	if !ok {
		return errStop
	}
	return nil
}

func (js *jsonStream) problem(off int64, format string, args ...any) error {
	js.rec++
	if !js.yield(nil, &Problem{Path: js.name, Record: js.rec, Offset: off, Msg: fmt.Sprintf(format, args...)}) {
		return errStop
	}
	return nil
}

// lines reads one record per line; a wrapper line is split into its records.
func (js *jsonStream) lines() error {
	for {
		start := js.off
		line, err := js.readLine()
		if err != nil && err != io.EOF {
			return err
		}
		rec := bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
		if len(rec) > 0 {
			var e error
			if recordsWrapper.Match(rec) {
				e = js.sub(rec, start)
			} else {
				e = js.emit(rec, start)
			}
			if e != nil {
				return e
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine returns the next line (with its newline) however long it is.
func (js *jsonStream) readLine() ([]byte, error) {
	line, err := js.r.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		js.off += int64(len(line))
		return line, err
	}
	js.buf = append(js.buf[:0], line...)
	for err == bufio.ErrBufferFull {
		line, err = js.r.ReadSlice('\n')
		js.buf = append(js.buf, line...)
	}
	js.off += int64(len(js.buf))
	return js.buf, err
}

// sub splits an in-memory wrapper line with the streaming splitter.
func (js *jsonStream) sub(data []byte, base int64) error {
	inner := &jsonStream{r: bufio.NewReader(bytes.NewReader(data)), name: js.name, off: base, rec: js.rec, b: js.b, yield: js.yield}
	err := inner.values()
	js.rec = inner.rec
	return err
}
