package ingest

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/dactest/dactest/harness/event"
)

// Line breaking, as Splunk does it for sourcetype XmlWinEventLog:
// Splunk_TA_windows sets LINE_BREAKER = ([\r\n]+)<Event\sxmlns with
// SHOULD_LINEMERGE=false, so a new event starts only where a line begins
// with "<Event xmlns" (or at the start of the file), and the newlines in
// front of it are dropped. Anything between an </Event> and the next such
// line - like the classic multi-line WinEventLog text records that the
// certutil capture mixes in - is not an event of its own: it stays glued to
// the end of the preceding event's _raw, where raw-term search sees it but
// the XML extractions (anchored on <System> and <Data> elements) do not.
// Text before the first <Event cannot belong to any event and is reported
// as a problem.

// ReadXMLWinEventLog splits data into XmlWinEventLog events. Records that
// cannot be events (no </Event>, no TimeCreated) are reported and skipped.
func ReadXMLWinEventLog(data []byte, path string, meta Meta) ([]event.Row, []Problem) {
	var rows []event.Row
	var problems []Problem
	scanXML(data, path, meta, func(r event.Row, p *Problem) bool {
		if p != nil {
			problems = append(problems, *p)
		} else {
			rows = append(rows, r)
		}
		return true
	})
	return rows, problems
}

// scanXML yields each event or problem in file order until yield is false.
func scanXML(data []byte, path string, meta Meta, yield func(event.Row, *Problem) bool) {
	eachXMLRecord(data, func(rec int, off int, raw []byte) bool {
		row, err := xmlRecordRow(raw, meta)
		if err != nil {
			return yield(nil, &Problem{Path: path, Record: rec, Offset: int64(off), Msg: err.Error()})
		}
		return yield(row, nil)
	}, func(off int, text []byte) bool {
		return yield(nil, &Problem{Path: path, Offset: int64(off),
			Msg: fmt.Sprintf("%d bytes of text before the first <Event> record are not an event", len(text))})
	})
}

// eachXMLRecord calls rec for each event (1-based record number, byte
// offset, raw bytes without the line-breaking newlines) and stray for
// non-blank text ahead of the first event; either stops the walk by
// returning false.
func eachXMLRecord(data []byte, rec func(n, off int, raw []byte) bool, stray func(off int, text []byte) bool) {
	start := nextEventStart(data, 0)
	if start < 0 {
		start = len(data)
	}
	if lead := bytes.TrimSpace(bytes.TrimPrefix(data[:start], []byte("\xef\xbb\xbf"))); len(lead) > 0 && !isEventsWrapper(lead) {
		if !stray(0, lead) {
			return
		}
	}
	n := 0
	for start < len(data) {
		next := nextEventStart(data, start+1)
		if next < 0 {
			next = len(data)
		}
		n++
		if !rec(n, start, bytes.TrimRight(data[start:next], "\r\n")) {
			return
		}
		start = next
	}
}

// eventsWrapper is the opening of Event Viewer's "Save as XML" file: an
// optional XML declaration, then <Events> (its closing tag ends the last
// record, which the record reader tolerates).
var eventsWrapper = regexp.MustCompile(`^(<\?xml[^>]*\?>\s*)?<Events(\s[^>]*)?>$`)

func isEventsWrapper(lead []byte) bool { return eventsWrapper.Match(lead) }

// nextEventStart finds the next event start at or after from: "<Event"
// then whitespace then "xmlns", at the start of the data or of a line.
// The first event of a file may also be a bare "<Event " or "<Event>".
func nextEventStart(data []byte, from int) int {
	for from < len(data) {
		i := bytes.Index(data[from:], []byte("<Event"))
		if i < 0 {
			return -1
		}
		at := from + i
		if isEventStart(data, at) {
			return at
		}
		from = at + len("<Event")
	}
	return -1
}

func isEventStart(data []byte, at int) bool {
	rest := data[at+len("<Event"):]
	if at == 0 || (at > 0 && len(bytes.TrimLeft(data[:at], " \t\r\n\xef\xbb\xbf")) == 0) {
		return len(rest) > 0 && (rest[0] == '>' || isSpace(rest[0]))
	}
	if c := data[at-1]; c != '\n' && c != '\r' {
		return false
	}
	if len(rest) == 0 || !isSpace(rest[0]) {
		return false
	}
	return bytes.HasPrefix(bytes.TrimLeft(rest, " \t\r\n"), []byte("xmlns"))
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// xmlRecordRow turns one raw XML record into a row with its indexed fields.
func xmlRecordRow(raw []byte, meta Meta) (event.Row, error) {
	end := bytes.Index(raw, []byte("</Event>"))
	if end < 0 {
		return nil, fmt.Errorf("truncated <Event> record: no </Event>")
	}
	sys := systemSection(raw[:end])
	if sys == nil {
		return nil, fmt.Errorf("<Event> record has no <System> section")
	}
	st, ok := attrValue(sys, "TimeCreated", "SystemTime")
	if !ok {
		return nil, fmt.Errorf("<Event> record has no TimeCreated SystemTime")
	}
	t, err := systemTimeEpoch(st)
	if err != nil {
		return nil, err
	}
	computer, _ := elementText(sys, "Computer")
	return newRow(string(raw), t, meta, computer), nil
}
