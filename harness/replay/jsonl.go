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

// WriteJSONL writes one JSON object per event: _time as RFC 3339 UTC with
// microseconds (the precision Splunk keeps), then _raw, source,
// sourcetype, host and every other field; a multivalue field is an array.
func WriteJSONL(w io.Writer, rows []event.Row) error {
	bw := bufio.NewWriter(w)
	var line []byte
	for _, r := range rows {
		line = appendRow(line[:0], r)
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func appendRow(b []byte, r event.Row) []byte {
	b = append(b, '{')
	first := true
	add := func(name string, v any) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSON(b, name)
		b = append(b, ':')
		b = appendJSON(b, v)
	}
	for _, name := range leadingFields {
		if v := r.Get(name); !v.Null() {
			if name == event.Time {
				add(name, timeText(v.First()))
				continue
			}
			add(name, jsonValue(v))
		}
	}
	lead := map[string]bool{}
	for _, n := range leadingFields {
		lead[n] = true
	}
	for _, name := range r.Names() {
		if !lead[name] {
			add(name, jsonValue(r[name]))
		}
	}
	return append(b, '}')
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

// appendJSON encodes without HTML escaping: _raw is XML, and \u003c for
// every < would make the lines unreadable.
func appendJSON(b []byte, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // strings and string slices always encode
		panic(err)
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}
