package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// CSV with a header line, as Splunk's INDEXED_EXTRACTIONS=csv reads it:
// the header names the fields (cleaned as CLEAN_KEYS does, so "Event Type"
// is Event_Type), each later record is one event whose _raw is the record
// as written (a quoted field may span lines), empty values give no field,
// and values past the header's width are EXTRA_FIELD_1, _2, ... _time is
// the first value, in column order, that is an ISO 8601 timestamp; a
// record without one takes the previous record's _time.

func scanCSV(r *bufio.Reader, name string, meta Meta, opt ReadOptions, yield func(event.Row, *Problem) bool) error {
	lr := &lineReader{r: r}
	var header []string
	clock := planClock(opt)
	last := ""
	n := 0
	for {
		raw, start, line, err := nextCSVRecord(lr)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		values, perr := csv.NewReader(strings.NewReader(raw)).Read()
		if header == nil {
			if perr != nil {
				return fmt.Errorf("CSV header at offset %d: %v", start, perr)
			}
			header = cleanHeader(values)
			continue
		}
		n++
		if perr != nil {
			if !yield(nil, &Problem{Path: name, Record: n, Offset: start, Msg: csvProblem(perr, raw, line)}) {
				return nil
			}
			continue
		}
		row := csvRow(raw, header, values, meta)
		if t, ok := csvRecordTime(clock, raw, header, values, opt); ok {
			last = t
		}
		if last != "" {
			row[event.Time] = event.Single(last)
		}
		if !yield(row, nil) {
			return nil
		}
	}
}

// nextCSVRecord joins lines until the quotes balance: one CSV record, its
// offset and the number of its first line.
func nextCSVRecord(lr *lineReader) (string, int64, int, error) {
	var b strings.Builder
	var start int64 = -1
	first := 0
	for {
		line, off, err := lr.next()
		if err != nil {
			if err == io.EOF && b.Len() > 0 {
				return b.String(), start, first, nil
			}
			return "", 0, 0, err
		}
		if start < 0 {
			if strings.TrimSpace(string(line)) == "" {
				continue
			}
			start, first = off, lr.lines
		} else {
			b.WriteByte('\n')
		}
		b.Write(line)
		if strings.Count(b.String(), `"`)%2 == 0 {
			return b.String(), start, first, nil
		}
	}
}

// csvProblem words a bad record by file lines (encoding/csv counts from the
// record's start) and says when an unclosed quote ran the record on over
// the lines after it, which are lost with it.
func csvProblem(err error, raw string, firstLine int) string {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return "bad CSV record: " + err.Error()
	}
	msg := fmt.Sprintf("bad CSV record on line %d: %v (line %d, column %d)", firstLine, pe.Err, firstLine+pe.Line-1, pe.Column)
	if spans := strings.Count(raw, "\n") + 1; spans > 1 && errors.Is(pe.Err, csv.ErrQuote) {
		msg += fmt.Sprintf("; a quote opened on line %d and not closed ran this record over %d lines, lost with it", firstLine, spans)
	}
	return msg
}

func cleanHeader(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = cleanKey(strings.TrimPrefix(n, "\xef\xbb\xbf"))
		if out[i] == "" {
			out[i] = fmt.Sprintf("EXTRA_FIELD_%d", i+1)
		}
	}
	return out
}

func csvRow(raw string, header, values []string, meta Meta) event.Row {
	row := newRow(raw, "", meta, "")
	extra := 0
	for i, v := range values {
		if v == "" {
			continue
		}
		name := ""
		if i < len(header) {
			name = header[i]
		} else {
			extra++
			name = fmt.Sprintf("EXTRA_FIELD_%d", extra)
		}
		if !reservedNames[name] {
			row[name] = append(row[name], v)
		}
	}
	return row
}

// csvRecordTime is the index plan's _time (TIMESTAMP_FIELDS, TIME_FORMAT)
// when it sets one, else csvTime.
func csvRecordTime(clock *eventClock, raw string, header, values []string, opt ReadOptions) (string, bool) {
	t, ok, decided := clock.structuredTime(raw, func(f string) (string, bool) {
		for i, h := range header {
			if h == f && i < len(values) {
				return values[i], true
			}
		}
		return "", false
	})
	if !decided {
		return csvTime(values, opt)
	}
	if !ok {
		return "", false
	}
	return epochText(t), true
}

func csvTime(values []string, opt ReadOptions) (string, bool) {
	for _, v := range values {
		if t, ok := parseISOTime(strings.TrimSpace(v), opt.location()); ok {
			return epochText(t), true
		}
	}
	return "", false
}
