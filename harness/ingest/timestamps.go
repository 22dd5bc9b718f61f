package ingest

import (
	"github.com/dactest/dactest/harness/timefmt"
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

// parseISOTime reads an ISO 8601 date-time: date, T or space, time,
// optional fraction (. or ,), optional zone (Z, +hh:mm, +hhmm, optionally
// after a space); zoneless values are in loc. Hand-parsed: it runs once
// per JSON event and time.Parse's failed layouts cost an allocation each.
func parseISOTime(s string, loc *time.Location) (time.Time, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	var f [6]int
	for i, at := range [6]int{0, 5, 8, 11, 14, 17} {
		n := 2
		if i == 0 {
			n = 4
		}
		v, ok := timefmt.DigitsAt(s, at, n)
		if !ok {
			return time.Time{}, false
		}
		f[i] = v
	}
	rest := s[19:]
	ns := 0
	if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
		k := 1
		for k < len(rest) && rest[k] >= '0' && rest[k] <= '9' {
			if k <= 9 {
				ns = ns*10 + int(rest[k]-'0')
			}
			k++
		}
		if k == 1 {
			return time.Time{}, false
		}
		for d := min(k-1, 9); d < 9; d++ {
			ns *= 10
		}
		rest = rest[k:]
	}
	zone, ok := zoneOf(rest, loc)
	if !ok || f[1] < 1 || f[1] > 12 || f[3] > 23 || f[4] > 59 || f[5] > 60 {
		return time.Time{}, false
	}
	t := time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], ns, zone)
	if t.Day() != f[2] {
		return time.Time{}, false // 2021-02-30 and the like
	}
	return t, true
}

// zoneOf reads what follows the time: nothing (loc), Z, or an offset.
func zoneOf(rest string, loc *time.Location) (*time.Location, bool) {
	rest = strings.TrimPrefix(rest, " ")
	switch {
	case rest == "":
		return loc, true
	case rest == "Z":
		return time.UTC, true
	case len(rest) != 5 && len(rest) != 6 || (rest[0] != '+' && rest[0] != '-'):
		return nil, false
	}
	hh, ok1 := timefmt.DigitsAt(rest, 1, 2)
	mmAt := 3
	if len(rest) == 6 {
		if rest[3] != ':' {
			return nil, false
		}
		mmAt = 4
	}
	mm, ok2 := timefmt.DigitsAt(rest, mmAt, 2)
	if !ok1 || !ok2 || hh > 23 || mm > 59 {
		return nil, false
	}
	off := hh*3600 + mm*60
	if rest[0] == '-' {
		off = -off
	}
	if off == 0 {
		return time.UTC, true
	}
	return time.FixedZone("", off), true
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

// leadISO matches an ISO 8601 date-time at the start of a string.
var leadISO = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?`)
