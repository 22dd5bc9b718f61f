package ingest

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/dactest/dactest/harness/event"
)

// Classic WinEventLog text, what a forwarder sends with renderXml=false:
//
//	01/14/2021 11:41:39 PM
//	LogName=Microsoft-Windows-PowerShell/Operational
//	EventCode=4104
//	...
//	Message=Creating Scriptblock text (1 of 1):
//	ScriptBlock ID: 5a4fa6b8-...
//
// An event starts at each date line (Splunk_TA_windows breaks WinEventLog
// before a line that is a date); _time is that date, read in
// ReadOptions.Location (UTC by default: see timestamps.go). Fields are
// what the WinEventLog sourcetype gets from Splunk's wel-eq-kv,
// wel-message and wel-col-kv transforms: each header "Key=Value" line is
// field Key; Message is everything after "Message=" to the end of the
// event; each message line "Label:<space or tab>value" is a field named
// after its label with Splunk's CLEAN_KEYS (characters other than letters,
// digits and _ become _: "New Process Name" -> New_Process_Name), repeated
// labels giving a multivalue field (4624's two Account_Name values).
// Empty values give no field. host is ComputerName unless the test set one.

var (
	winTextKV    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_ ]*=`)
	winTextColKV = regexp.MustCompile(`^\s*([^:\r\n]+?):[ \t]+(\S.*)$`)
)

func scanWinEventLogText(r *bufio.Reader, name string, meta Meta, opt ReadOptions, yield func(event.Row, *Problem) bool) error {
	lr := &lineReader{r: r}
	var rec []string
	var recStart int64
	n := 0
	flush := func() bool {
		if rec == nil {
			return true
		}
		n++
		raw := strings.TrimRight(strings.Join(rec, "\n"), "\r\n\t ")
		rec = nil
		row, err := winTextRow(raw, meta, opt.location())
		if err != nil {
			return yield(nil, &Problem{Path: name, Record: n, Offset: recStart, Msg: err.Error()})
		}
		return yield(row, nil)
	}
	for {
		line, start, err := lr.nextKeepCR()
		if err != nil && err != io.EOF {
			return err
		}
		if err == io.EOF {
			flush()
			return nil
		}
		if winTextDateLine.Match(line) {
			if !flush() {
				return nil
			}
			rec, recStart = []string{}, start
		} else if rec == nil {
			if strings.TrimSpace(string(line)) != "" && !yield(nil, &Problem{Path: name, Offset: start,
				Msg: "text before the first WinEventLog date line is not an event"}) {
				return nil
			}
			continue
		}
		rec = append(rec, string(line))
	}
}

// winTextRow builds one event from its text (date line first).
func winTextRow(raw string, meta Meta, loc *time.Location) (event.Row, error) {
	date, _, _ := strings.Cut(raw, "\n")
	t, err := time.ParseInLocation("01/02/2006 3:04:05 PM", strings.TrimSpace(date), loc)
	if err != nil {
		return nil, fmt.Errorf("bad WinEventLog date line %q", date)
	}
	fields := map[string][]string{}
	ExtractWinEventLogText(raw, func(k, v string) { fields[k] = append(fields[k], v) })
	if len(fields) == 0 {
		return nil, fmt.Errorf("WinEventLog record has no Key=Value lines")
	}
	computer := ""
	if c := fields["ComputerName"]; len(c) > 0 {
		computer = c[0]
	}
	row := newRow(raw, epochText(t), meta, computer)
	for k, v := range fields {
		if !reservedNames[k] {
			row[k] = v
		}
	}
	return row, nil
}

// ExtractWinEventLogText calls emit for each field of a classic WinEventLog
// text event, as described above, in text order.
func ExtractWinEventLogText(raw string, emit func(name, value string)) {
	lines := strings.Split(raw, "\n")
	for i, full := range lines {
		line := strings.TrimRight(full, "\r")
		if i == 0 && winTextDateLine.MatchString(line) {
			continue
		}
		if msg, ok := strings.CutPrefix(full, "Message="); ok {
			rest := strings.TrimRight(strings.Join(append([]string{msg}, lines[i+1:]...), "\n"), "\r\n\t ")
			if rest != "" {
				emit("Message", rest)
			}
			messageLabels(lines[i+1:], emit)
			return
		}
		if winTextKV.MatchString(line) {
			k, v, _ := strings.Cut(line, "=")
			if v = strings.TrimSpace(v); v != "" {
				emit(strings.TrimSpace(k), v)
			}
		}
	}
}

// messageLabels is wel-col-kv over the message body.
func messageLabels(lines []string, emit func(name, value string)) {
	for _, line := range lines {
		m := winTextColKV.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			continue
		}
		if k, v := cleanKey(m[1]), strings.TrimSpace(m[2]); k != "" && v != "" {
			emit(k, v)
		}
	}
}

// cleanKey is Splunk's CLEAN_KEYS: characters other than letters, digits
// and underscore become underscores, and leading underscores and digits
// are dropped.
func cleanKey(k string) string {
	b := []byte(strings.TrimSpace(k))
	for i, c := range b {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			b[i] = '_'
		}
	}
	return strings.TrimLeft(string(b), "_0123456789")
}
