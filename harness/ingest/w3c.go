package ingest

import (
	"bufio"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// W3C extended log format (IIS; INDEXED_EXTRACTIONS = w3c): "#" lines are
// directives, "#Fields:" names the space-separated columns of the lines
// after it (a later #Fields replaces it). Names are cleaned as Splunk's
// header extraction cleans them (cs-uri-stem is cs_uri_stem,
// cs(User-Agent) is cs_User_Agent_); "-", W3C's empty value, is kept as
// written. _time: TIMESTAMP_FIELDS (the IIS add-on names date, time) or
// the line's leading timestamp.
func scanW3C(r *bufio.Reader, name string, meta Meta, opt ReadOptions, yield func(event.Row, *Problem) bool) error {
	clock := newEventClock(opt.plan, opt)
	var header []string
	n := 0
	return eachLine(r, func(line []byte, start int64) bool {
		text := string(line)
		if fields, ok := strings.CutPrefix(text, "#Fields:"); ok {
			header = w3cHeader(fields)
			return true
		}
		if strings.HasPrefix(text, "#") {
			return true
		}
		n++
		if header == nil {
			return yield(nil, &Problem{Path: name, Record: n, Offset: start, Msg: "W3C data line before any #Fields: directive"})
		}
		return yield(w3cRow(text, header, meta, clock), nil)
	})
}

func w3cHeader(fields string) []string {
	names := strings.Fields(fields)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = w3cName(n)
	}
	return out
}

// w3cName replaces each character other than a letter, digit or "_" with
// "_" (Splunk keeps the trailing one: cs(Referer) is cs_Referer_).
func w3cName(n string) string {
	b := []byte(n)
	for i, c := range b {
		if !isAlnum(c) && c != '_' {
			b[i] = '_'
		}
	}
	return string(b)
}

func w3cRow(raw string, header []string, meta Meta, clock *eventClock) event.Row {
	values := strings.Fields(raw)
	row := newRow(raw, "", meta, "")
	for i, v := range values {
		if i < len(header) && !reservedNames[header[i]] {
			row[header[i]] = event.Single(v)
		}
	}
	get := func(f string) (string, bool) {
		v := row.Get(f)
		return v.First(), !v.Null()
	}
	t, ok, decided := clock.structuredTime(raw, get)
	if !decided {
		t, ok = clock.find(raw)
	}
	if ok {
		clock.last = epochText(t)
	}
	if clock.last != "" {
		row[event.Time] = event.Single(clock.last)
	}
	return row
}
