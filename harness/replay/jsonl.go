package replay

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"time"

	"github.com/dactest/dactest/harness/event"
)

// leadingFields open every JSON line, in this order; the rest follow
// sorted by name.
var leadingFields = []string{event.Time, event.Raw, event.Source, event.Sourcetype, event.Host}

var isLeading = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range leadingFields {
		m[n] = true
	}
	return m
}()

// WriteJSONL writes one JSON object per event: _time as RFC 3339 UTC with
// microseconds (the precision Splunk keeps), then _raw, source,
// sourcetype, host and every other field; a multivalue field is an array.
func WriteJSONL(w io.Writer, rows []event.Row) error {
	bw := bufio.NewWriter(w)
	jw := newJSONWriter()
	for _, r := range rows {
		jw.row(r)
		if _, err := bw.Write(jw.line.Bytes()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// jsonWriter reuses one encoder and buffers across rows: a capture has
// thousands of events of a hundred fields each.
type jsonWriter struct {
	line, scratch bytes.Buffer
	enc           *json.Encoder
	n             int
}

func newJSONWriter() *jsonWriter {
	jw := &jsonWriter{}
	jw.enc = json.NewEncoder(&jw.scratch)
	jw.enc.SetEscapeHTML(false) // _raw is XML: \u003c for every < would make it unreadable
	return jw
}

func (jw *jsonWriter) row(r event.Row) {
	jw.line.Reset()
	jw.line.WriteByte('{')
	jw.n = 0
	for _, name := range leadingFields {
		v := r.Get(name)
		switch {
		case v.Null():
		case name == event.Time:
			jw.field(name, timeText(v.First()))
		default:
			jw.field(name, jsonValue(v))
		}
	}
	for _, name := range r.Names() {
		if !isLeading[name] && !r[name].Null() {
			jw.field(name, jsonValue(r[name]))
		}
	}
	jw.line.WriteString("}\n")
}

func (jw *jsonWriter) field(name string, v any) {
	if jw.n > 0 {
		jw.line.WriteByte(',')
	}
	jw.n++
	jw.encode(name)
	jw.line.WriteByte(':')
	jw.encode(v)
}

func (jw *jsonWriter) encode(v any) {
	jw.scratch.Reset()
	if err := jw.enc.Encode(v); err != nil { // strings and string slices always encode
		panic(err)
	}
	jw.line.Write(bytes.TrimSuffix(jw.scratch.Bytes(), []byte("\n")))
}

func jsonValue(v event.Value) any {
	if v.Multi() {
		return []string(v)
	}
	return v.First()
}

// timeText renders _time for people and for tools that parse RFC 3339;
// a _time that is not epoch seconds is passed through as written.
func timeText(epoch string) string {
	us, ok := epochMicros(epoch)
	if !ok {
		return epoch
	}
	return time.UnixMicro(us).UTC().Format("2006-01-02T15:04:05.000000Z07:00")
}
