package replay

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dactest/dactest/harness/event"
)

// timeCreated is the timestamp Splunk_TA_windows reads an XmlWinEventLog
// event's time from (TIME_PREFIX = <TimeCreated SystemTime=).
var timeCreated = regexp.MustCompile(`(<TimeCreated SystemTime=['"])([^'"]+)(['"])`)

// ShiftTo moves every row's time by one offset so that the latest event
// lands at target and the gaps between events are kept, as attack_data's
// update_timestamp does before a replay. _time and the TimeCreated
// SystemTime in _raw move together, so a collector that takes the time
// from _raw (the raw endpoint) indexes the same instant. Rows are changed
// in place; call it before add-ons run so extracted fields agree. It
// returns the offset applied.
func ShiftTo(rows []event.Row, target time.Time) (time.Duration, error) {
	latest, ok := latestMicros(rows)
	if !ok {
		return 0, nil
	}
	delta := time.Duration(target.Truncate(time.Microsecond).UnixMicro()-latest) * time.Microsecond
	for i, r := range rows {
		if err := shiftRow(r, delta); err != nil {
			return 0, fmt.Errorf("event %d: %w", i+1, err)
		}
	}
	return delta, nil
}

func latestMicros(rows []event.Row) (int64, bool) {
	var latest int64
	found := false
	for _, r := range rows {
		us, ok := epochMicros(r.Get(event.Time).First())
		if ok && (!found || us > latest) {
			latest, found = us, true
		}
	}
	return latest, found
}

func shiftRow(r event.Row, delta time.Duration) error {
	if us, ok := epochMicros(r.Get(event.Time).First()); ok {
		r[event.Time] = event.Single(microsText(us + delta.Microseconds()))
	}
	raw := r.Get(event.Raw).First()
	var bad error
	shifted := timeCreated.ReplaceAllStringFunc(raw, func(m string) string {
		parts := timeCreated.FindStringSubmatch(m)
		t, err := time.Parse(time.RFC3339Nano, parts[2])
		if err != nil {
			bad = fmt.Errorf("TimeCreated SystemTime %q is not RFC 3339", parts[2])
			return m
		}
		return parts[1] + formatLike(t.Add(delta), parts[2]) + parts[3]
	})
	if bad != nil {
		return bad
	}
	if shifted != raw {
		r[event.Raw] = event.Single(shifted)
	}
	return nil
}

// formatLike writes t in UTC with as many fraction digits as the original
// had (Windows writes 7 plus two zeros, Sysmon and others vary).
func formatLike(t time.Time, orig string) string {
	digits := 0
	if i := strings.IndexByte(orig, '.'); i >= 0 {
		for _, c := range orig[i+1:] {
			if c < '0' || c > '9' {
				break
			}
			digits++
		}
	}
	s := t.UTC().Format("2006-01-02T15:04:05")
	if digits > 0 {
		frac := fmt.Sprintf("%09d", t.Nanosecond())
		for len(frac) < digits {
			frac += "0"
		}
		s += "." + frac[:digits]
	}
	return s + "Z"
}

// epochMicros parses _time text ("1610667700.145335") exactly, without
// going through a float.
func epochMicros(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	secText, fracText, _ := strings.Cut(s, ".")
	sec, err := strconv.ParseInt(secText, 10, 64)
	if err != nil {
		return 0, false
	}
	if len(fracText) > 6 {
		fracText = fracText[:6]
	}
	fracText += strings.Repeat("0", 6-len(fracText))
	frac, err := strconv.ParseInt(fracText, 10, 64)
	if err != nil || frac < 0 {
		return 0, false
	}
	if strings.HasPrefix(secText, "-") {
		return sec*1e6 - frac, true
	}
	return sec*1e6 + frac, true
}

// microsText is _time text as ingest writes it: seconds, then the
// microseconds with trailing zeros dropped.
func microsText(us int64) string {
	if us < 0 {
		return "-" + microsText(-us)
	}
	sec, frac := us/1e6, us%1e6
	s := strconv.FormatInt(sec, 10)
	if frac == 0 {
		return s
	}
	return s + "." + strings.TrimRight(fmt.Sprintf("%06d", frac), "0")
}

// ParseShiftTarget reads --shift-to: "now" or an RFC 3339 time.
func ParseShiftTarget(s string, now time.Time) (time.Time, error) {
	if s == "now" {
		return now, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--shift-to %q: want now or an RFC 3339 time such as 2026-12-01T12:00:00Z", s)
	}
	return t, nil
}

// RawTimeKept counts rows whose _raw ShiftTo leaves as it was: only an
// XmlWinEventLog TimeCreated SystemTime is rewritten, so a JSON or text
// event keeps its original timestamp in _raw (and in the fields read from
// it, such as CloudTrail's eventTime) while its _time moves. Splunk's HEC
// raw endpoint stamps events from _raw, so those would be indexed at
// their original time.
func RawTimeKept(rows []event.Row) int {
	n := 0
	for _, r := range rows {
		if !timeCreated.MatchString(r.Get(event.Raw).First()) {
			n++
		}
	}
	return n
}
