package ingest

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// Zeek (Bro) TSV logs, as the Zeek add-on reads them with a header-based
// TSV extraction: "#fields" names the tab-separated columns (id.orig_h,
// ...), "#set_separator" splits set values into a multivalue field, the
// "#unset_field" (-) and "#empty_field" ((empty)) markers give no field,
// and the epoch ts column is _time. "#" directive lines are not events.

func scanZeekTSV(r *bufio.Reader, name string, meta Meta, opt ReadOptions, yield func(event.Row, *Problem) bool) error {
	z := zeekHeader{sep: "\t", set: ",", unset: "-", empty: "(empty)"}
	n := 0
	return eachLine(r, func(line []byte, start int64) bool {
		if bytes.HasPrefix(line, []byte("#")) {
			z.directive(string(line))
			return true
		}
		n++
		if z.fields == nil {
			return yield(nil, &Problem{Path: name, Record: n, Offset: start, Msg: "Zeek log line before any #fields header"})
		}
		return yield(z.row(string(line), meta), nil)
	})
}

type zeekHeader struct {
	sep, set, unset, empty string
	fields                 []string
}

func (z *zeekHeader) directive(line string) {
	key, val, _ := strings.Cut(line[1:], " ")
	if key == "separator" {
		z.sep = strings.ReplaceAll(strings.TrimSpace(val), `\x09`, "\t")
		return
	}
	key, val, _ = strings.Cut(line[1:], z.sep)
	switch key {
	case "set_separator":
		z.set = val
	case "unset_field":
		z.unset = val
	case "empty_field":
		z.empty = val
	case "fields":
		z.fields = strings.Split(val, z.sep)
	}
}

func (z *zeekHeader) row(raw string, meta Meta) event.Row {
	row := newRow(raw, "", meta, "")
	for i, v := range strings.Split(raw, z.sep) {
		if i >= len(z.fields) || v == z.unset || v == z.empty || reservedNames[z.fields[i]] {
			continue
		}
		if z.fields[i] == "ts" {
			if t, ok := parseEpoch(v); ok {
				row[event.Time] = event.Single(epochText(t))
			}
		}
		row[z.fields[i]] = strings.Split(v, z.set)
	}
	return row
}
