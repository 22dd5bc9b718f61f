// Package timefmt reads times by a strftime-style format as Splunk does: a
// props.conf TIME_FORMAT (ingest) and eval's strptime() (engine) share it.
package timefmt

import (
	"fmt"
	"strings"
	"time"
)

// TIME_FORMAT is Splunk's strptime: the variables of "Date and time format
// variables" (Splunk Search Reference), with Splunk's extensions %N/%3N/
// %6N/%9N (subsecond digits, default 9), %Q (subseconds, default 3), %l
// (milliseconds, as system/default props.conf [splunkd] writes
// "%S.%l %z") and %s (epoch seconds). Numbers take one or two digits
// ("leading zeros are accepted but not required"); a space in the format
// matches any run of blanks, as in C strptime.

type tfKind uint8

const (
	tfLit tfKind = iota
	tfSpace
	tfYear4
	tfYear2
	tfMonth
	tfMonthName
	tfDay
	tfYearDay
	tfHour24
	tfHour12
	tfMinute
	tfSecond
	tfAMPM
	tfWeekday
	tfEpoch
	tfSubsec // width digits at most
	tfZoneOffset
	tfZoneName
)

type tfItem struct {
	kind  tfKind
	lit   string
	width int
}

// Format is a compiled format.
type Format struct {
	src   string
	items []tfItem
}

// Compile reads a format; an unknown variable is an error naming it,
// never a silent literal.
func Compile(f string) (*Format, error) {
	tf := &Format{src: f}
	for i := 0; i < len(f); {
		c := f[i]
		switch {
		case c == ' ' || c == '\t':
			for i < len(f) && (f[i] == ' ' || f[i] == '\t') {
				i++
			}
			tf.items = append(tf.items, tfItem{kind: tfSpace})
		case c != '%':
			j := i
			for j < len(f) && f[j] != '%' && f[j] != ' ' && f[j] != '\t' {
				j++
			}
			tf.items = append(tf.items, tfItem{kind: tfLit, lit: f[i:j]})
			i = j
		default:
			n, err := tf.directive(f, i)
			if err != nil {
				return nil, err
			}
			i += n
		}
	}
	if len(tf.items) == 0 {
		return nil, fmt.Errorf("empty time format")
	}
	return tf, nil
}

// tfExpand are the composite variables.
var tfExpand = map[byte]string{'T': "%H:%M:%S", 'F': "%Y-%m-%d", 'D': "%m/%d/%y", 'R': "%H:%M"}

var tfSimple = map[byte]tfKind{
	'Y': tfYear4, 'y': tfYear2, 'm': tfMonth, 'b': tfMonthName, 'B': tfMonthName, 'h': tfMonthName,
	'd': tfDay, 'e': tfDay, 'j': tfYearDay, 'H': tfHour24, 'k': tfHour24, 'I': tfHour12,
	'M': tfMinute, 'S': tfSecond, 'p': tfAMPM, 'a': tfWeekday, 'A': tfWeekday, 's': tfEpoch,
	'z': tfZoneOffset, 'Z': tfZoneName,
}

// directive compiles the variable at f[i] ('%') and returns its length.
func (tf *Format) directive(f string, i int) (int, error) {
	j := i + 1
	width := 0
	for j < len(f) && f[j] >= '0' && f[j] <= '9' {
		width = width*10 + int(f[j]-'0')
		j++
	}
	if j < len(f) && f[j] == ':' && j+1 < len(f) && f[j+1] == 'z' { // %:z
		tf.items = append(tf.items, tfItem{kind: tfZoneOffset})
		return j + 2 - i, nil
	}
	if j >= len(f) {
		return 0, fmt.Errorf("time format %q ends inside a %% variable", f)
	}
	c := f[j]
	n := j + 1 - i
	switch {
	case c == '%':
		tf.items = append(tf.items, tfItem{kind: tfLit, lit: "%"})
	case c == 'n' || c == 't':
		tf.items = append(tf.items, tfItem{kind: tfSpace})
	case c == 'N' || c == 'Q' || c == 'l' || c == 'f':
		def := map[byte]int{'N': 9, 'Q': 3, 'l': 3, 'f': 6}[c]
		if width == 0 {
			width = def
		}
		if width > 9 {
			return 0, fmt.Errorf("time format %q: %%%d%c: at most 9 subsecond digits", f, width, c)
		}
		tf.items = append(tf.items, tfItem{kind: tfSubsec, width: width})
	case tfExpand[c] != "":
		sub, err := Compile(tfExpand[c])
		if err != nil {
			return 0, err
		}
		tf.items = append(tf.items, sub.items...)
	default:
		k, ok := tfSimple[c]
		if !ok {
			return 0, fmt.Errorf("time format %q: %%%c is not supported", f, c)
		}
		tf.items = append(tf.items, tfItem{kind: k})
	}
	return n, nil
}

// MayStartWith tells whether a match can begin with c: names begin with a
// letter, numbers with a digit (or a blank for %e and %k).
func (tf *Format) MayStartWith(c byte) bool {
	switch it := tf.items[0]; it.kind {
	case tfLit:
		return it.lit[0] == c
	case tfMonthName, tfWeekday, tfZoneName, tfAMPM:
		return isLetter(c) || it.kind == tfZoneName && (c == '+' || c == '-')
	case tfSpace, tfZoneOffset:
		return true
	}
	return c >= '0' && c <= '9' || c == ' '
}

// tfState collects what a format read.
type tfState struct {
	year, month, day, yday, hour, min, sec, nsec int
	pm, hasPM, hasYear, hasEpoch, hasDate        bool
	epoch                                        int64
	zone                                         *time.Location
}

// Parse reads s from its start; n is the number of bytes consumed.
// Zoneless values are in loc; a format without a year takes year.
func (tf *Format) Parse(s string, loc *time.Location, year int) (t time.Time, n int, ok bool) {
	st := tfState{month: 1, day: 1, zone: loc}
	pos := 0
	for _, it := range tf.items {
		k, ok := it.read(s[pos:], &st)
		if !ok {
			return time.Time{}, 0, false
		}
		pos += k
	}
	t, ok = st.time(year)
	return t, pos, ok
}

func (st *tfState) time(year int) (time.Time, bool) {
	if st.hasEpoch {
		return time.Unix(st.epoch, int64(st.nsec)).UTC(), true
	}
	if !st.hasYear {
		st.year = year
	}
	if st.hasPM {
		if st.hour < 1 || st.hour > 12 {
			return time.Time{}, false
		}
		st.hour %= 12
		if st.pm {
			st.hour += 12
		}
	}
	if st.hour > 23 || st.min > 59 || st.sec > 60 || st.month < 1 || st.month > 12 || st.day < 1 || st.day > 31 {
		return time.Time{}, false
	}
	if st.yday > 0 {
		if st.yday > 366 {
			return time.Time{}, false
		}
		return time.Date(st.year, 1, st.yday, st.hour, st.min, st.sec, st.nsec, st.zone), true
	}
	t := time.Date(st.year, time.Month(st.month), st.day, st.hour, st.min, st.sec, st.nsec, st.zone)
	return t, t.Day() == st.day
}

// read matches one item at the start of s.
func (it tfItem) read(s string, st *tfState) (int, bool) {
	switch it.kind {
	case tfLit:
		return len(it.lit), strings.HasPrefix(s, it.lit)
	case tfSpace:
		n := 0
		for n < len(s) && (s[n] == ' ' || s[n] == '\t' || s[n] == '\n' || s[n] == '\r') {
			n++
		}
		return n, true
	case tfYear4:
		st.hasYear = true
		return readNum(s, 4, 4, 0, &st.year)
	case tfYear2:
		st.hasYear = true
		n, ok := readNum(s, 2, 2, 0, &st.year)
		if st.year < 69 { // POSIX: 69-99 are 1969-1999, 00-68 are 2000-2068
			st.year += 2000
		} else {
			st.year += 1900
		}
		return n, ok
	case tfMonth:
		return readNum(s, 1, 2, 0, &st.month)
	case tfDay:
		return readNum(s, 1, 2, 1, &st.day)
	case tfYearDay:
		return readNum(s, 1, 3, 0, &st.yday)
	case tfHour24:
		return readNum(s, 1, 2, 1, &st.hour)
	case tfHour12:
		st.hasPM = true
		return readNum(s, 1, 2, 1, &st.hour)
	case tfMinute:
		return readNum(s, 1, 2, 0, &st.min)
	case tfSecond:
		return readNum(s, 1, 2, 0, &st.sec)
	}
	return it.readWord(s, st)
}

// readWord reads the named and variable-width items.
func (it tfItem) readWord(s string, st *tfState) (int, bool) {
	switch it.kind {
	case tfMonthName:
		m, n := nameAt(s, monthNames[:])
		st.month = m + 1
		return n, n > 0
	case tfWeekday:
		_, n := nameAt(s, weekdayNames[:])
		return n, n > 0
	case tfAMPM:
		if len(s) < 2 {
			return 0, false
		}
		switch strings.ToUpper(s[:2]) {
		case "AM":
			st.pm = false
		case "PM":
			st.pm = true
		default:
			return 0, false
		}
		return 2, true
	case tfEpoch:
		var v int
		n, ok := readNum(s, 1, 10, 0, &v)
		st.epoch, st.hasEpoch = int64(v), ok
		return n, ok
	case tfSubsec:
		return readSubsec(s, it.width, &st.nsec)
	case tfZoneOffset:
		return readZoneOffset(s, st)
	case tfZoneName:
		return readZoneName(s, st)
	}
	return 0, false
}

// readNum reads between lo and hi digits; pad allows leading blanks (%e, %k).
func readNum(s string, lo, hi, pad int, out *int) (int, bool) {
	i := 0
	for pad > 0 && i < len(s) && s[i] == ' ' && i < hi-1 {
		i++
	}
	start, v := i, 0
	for i < len(s) && i-start < hi && s[i] >= '0' && s[i] <= '9' {
		v = v*10 + int(s[i]-'0')
		i++
	}
	if i-start < lo {
		return 0, false
	}
	*out = v
	return i, true
}

func readSubsec(s string, width int, nsec *int) (int, bool) {
	i, v := 0, 0
	for i < len(s) && i < width && s[i] >= '0' && s[i] <= '9' {
		v = v*10 + int(s[i]-'0')
		i++
	}
	if i == 0 {
		return 0, false
	}
	for d := i; d < 9; d++ {
		v *= 10
	}
	*nsec = v
	return i, true
}

var monthNames = [12]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
var weekdayNames = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// nameAt matches a full name or its three-letter abbreviation, any case.
func nameAt(s string, names []string) (index, n int) {
	if len(s) < 3 || !isLetter(s[0]) || !isLetter(s[1]) || !isLetter(s[2]) {
		return 0, 0
	}
	key := [3]byte{s[0] | 0x20, s[1] | 0x20, s[2] | 0x20}
	i, ok := nameIndex[key]
	if !ok || i.isMonth != (len(names) == len(monthNames)) {
		return 0, 0
	}
	name := names[i.index]
	if len(s) >= len(name) && strings.EqualFold(s[3:len(name)], name[3:]) {
		return i.index, len(name)
	}
	return i.index, 3
}

type nameRef struct {
	index   int
	isMonth bool
}

// nameIndex maps the lower-case three-letter abbreviations to names (no
// month shares one with a weekday).
var nameIndex = func() map[[3]byte]nameRef {
	m := map[[3]byte]nameRef{}
	for i, n := range monthNames {
		m[[3]byte{n[0], n[1], n[2]}] = nameRef{i, true}
	}
	for i, n := range weekdayNames {
		m[[3]byte{n[0], n[1], n[2]}] = nameRef{i, false}
	}
	return m
}()

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// readZoneOffset reads Z, +hh, +hhmm or +hh:mm.
func readZoneOffset(s string, st *tfState) (int, bool) {
	if len(s) > 0 && (s[0] == 'Z' || s[0] == 'z') {
		st.zone = time.UTC
		return 1, true
	}
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	hh, ok := DigitsAt(s, 1, 2)
	if !ok {
		return 0, false
	}
	n, mm := 3, 0
	if len(s) >= 6 && s[3] == ':' {
		mm, ok = DigitsAt(s, 4, 2)
		n = 6
	} else if len(s) >= 5 {
		if v, ok2 := DigitsAt(s, 3, 2); ok2 {
			mm, n = v, 5
		}
	}
	if !ok || hh > 23 || mm > 59 {
		return 0, false
	}
	off := hh*3600 + mm*60
	if s[0] == '-' {
		off = -off
	}
	st.zone = time.FixedZone("", off)
	if off == 0 {
		st.zone = time.UTC
	}
	return n, true
}

// zoneAbbrevs are the abbreviations %Z reads without a tz database
// lookup; anything else alphabetic is tried as an IANA name.
var zoneAbbrevs = map[string]int{ // minutes east of UTC
	"UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
	"MST": -420, "MDT": -360, "PST": -480, "PDT": -420, "CET": 60, "CEST": 120, "BST": 60, "JST": 540, "IST": 330,
}

func readZoneName(s string, st *tfState) (int, bool) {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		return readZoneOffset(s, st)
	}
	n := 0
	for n < len(s) && (s[n] >= 'A' && s[n] <= 'Z' || s[n] >= 'a' && s[n] <= 'z' || s[n] == '/' || s[n] == '_') {
		n++
	}
	if n == 0 {
		return 0, false
	}
	name := s[:n]
	if h, ok := zoneAbbrevs[strings.ToUpper(name)]; ok {
		st.zone = time.FixedZone(strings.ToUpper(name), h*60)
		if h == 0 {
			st.zone = time.UTC
		}
		return n, true
	}
	if loc, err := time.LoadLocation(name); err == nil && strings.Contains(name, "/") {
		st.zone = loc
		return n, true
	}
	return 0, false
}

// DigitsAt reads the n ASCII digits at s[at:] as a number; ok is false
// when one of them is not a digit.
func DigitsAt(s string, at, n int) (int, bool) {
	v := 0
	for _, c := range []byte(s[at : at+n]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}
