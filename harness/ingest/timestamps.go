package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Timestamp recognition for text and JSON records. A timestamp that names
// no zone (NXLog's EventTime "2020-08-01 05:46:46", a WinEventLog date
// line, a syslog header) is read in ReadOptions.Location, UTC by default:
// attack_data and OTRF captures come from lab hosts that log in UTC (the
// certutil capture's WinEventLog date lines match the SystemTime of the XML
// events around them to the second), and a test must not depend on the
// machine it runs on. Splunk would use the forwarder's TZ; set Location to
// model that.

var isoLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
}

// parseISOTime reads an ISO 8601 date-time (T or space separated, optional
// fraction, optional zone); zoneless values are in loc.
func parseISOTime(s string, loc *time.Location) (time.Time, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	for _, layout := range isoLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseEpoch reads epoch seconds ("1588205198.89971") exactly, without a
// float's rounding; 13 or more integer digits are milliseconds, as
// Splunk's %s/%3N guessing reads such stamps.
func parseEpoch(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || sec <= 0 || len(frac) > 9 {
		return time.Time{}, false
	}
	ns := int64(0)
	if frac != "" {
		f, err := strconv.ParseUint(frac+strings.Repeat("0", 9-len(frac)), 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		ns = int64(f)
	}
	if len(whole) >= 13 {
		return time.UnixMilli(sec).Add(time.Duration(ns / 1000)).UTC(), true
	}
	return time.Unix(sec, ns).UTC(), true
}

var (
	leadISO    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?`)
	leadSyslog = regexp.MustCompile(`^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}`)
	auditStamp = regexp.MustCompile(`^(?:node=\S+ )?type=\S+ msg=audit\((\d+\.\d+):\d+\)`)
)

// leadingTime finds a timestamp at the start of a text line: ISO 8601,
// a syslog header ("Jan  2 15:04:05", in year), or a Linux audit record's
// msg=audit(EPOCH:serial). ok is false when the line starts with none.
func leadingTime(line string, loc *time.Location, year int) (time.Time, bool) {
	if m := leadISO.FindString(line); m != "" {
		return parseISOTime(strings.Replace(m, ",", ".", 1), loc)
	}
	if m := leadSyslog.FindString(line); m != "" {
		t, err := time.ParseInLocation("Jan _2 15:04:05", m, loc)
		if err != nil {
			return time.Time{}, false
		}
		return t.AddDate(year-t.Year(), 0, 0), true
	}
	if m := auditStamp.FindStringSubmatch(line); m != nil {
		return parseEpoch(m[1])
	}
	return time.Time{}, false
}
