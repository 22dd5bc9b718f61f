package engine

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// strftime formats epoch seconds in UTC with Splunk's date and time format
// variables (Search Reference, "Date and time format variables"): the
// locale-dependent ones (%c, %+, %x, %X) as the docs show them for US
// English on Linux. A variable it does not know is kept as written; a
// literal format holding one is refused at compile time
// (unknownStrftimeVerb), so that only happens to formats read from data.
func strftime(epoch float64, format string) string {
	t := epochTime(epoch)
	var b strings.Builder
	for i := 0; i < len(format); {
		v, n := nextStrftimeVerb(format[i:])
		if n == 0 {
			b.WriteByte(format[i])
			i++
			continue
		}
		if s, ok := v.format(t); ok {
			b.WriteString(s)
		} else {
			b.WriteString(format[i : i+n])
		}
		i += n
	}
	return b.String()
}

func epochTime(epoch float64) time.Time {
	sec := int64(epoch)
	nsec := int64((epoch - float64(sec)) * 1e9)
	if epoch < 0 && nsec != 0 {
		sec--
		nsec += 1e9
	}
	return time.Unix(sec, nsec).UTC()
}

// strftimeVerb is one %-variable: %[digits][E|colons]verb.
type strftimeVerb struct {
	digits int  // %3N, %6Q: subsecond digits; 0 when not given
	colons int  // %:z, %::z, %:::z
	e      bool // %Ez
	verb   byte
}

// nextStrftimeVerb reads the variable s starts with; n is 0 when s does
// not start with one.
func nextStrftimeVerb(s string) (v strftimeVerb, n int) {
	if len(s) < 2 || s[0] != '%' {
		return v, 0
	}
	i := 1
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		v.digits = v.digits*10 + int(s[i]-'0')
		i++
	}
	for i < len(s) && s[i] == ':' {
		v.colons++
		i++
	}
	if i < len(s) && s[i] == 'E' {
		v.e = true
		i++
	}
	if i >= len(s) {
		return strftimeVerb{}, 0
	}
	v.verb = s[i]
	return v, i + 1
}

// unknownStrftimeVerb is the first variable of format strftime cannot
// render, or "".
func unknownStrftimeVerb(format string) string {
	for i := 0; i < len(format); {
		v, n := nextStrftimeVerb(format[i:])
		if n == 0 {
			i++
			continue
		}
		if _, ok := v.format(time.Unix(0, 0).UTC()); !ok {
			return format[i : i+n]
		}
		i += n
	}
	return ""
}

// strftimeLayout maps plain variables to Go layouts.
var strftimeLayout = map[byte]string{
	'y': "06", 'm': "01", 'd': "02", 'e': "_2", 'H': "15", 'I': "03", 'M': "04",
	'S': "05", 'p': "PM", 'b': "Jan", 'h': "Jan", 'B': "January", 'a': "Mon",
	'A': "Monday", 'j': "002", 'T': "15:04:05", 'F': "2006-01-02", 'D': "01/02/06",
	'R': "15:04", 'r': "03:04:05 PM",
	'c': "Mon Jan _2 15:04:05 2006", '+': "Mon Jan _2 15:04:05 MST 2006",
}

func (v strftimeVerb) format(t time.Time) (string, bool) {
	switch {
	case v.e: // %Ez: "timezone in minutes", in a form the docs do not show
		return "", false
	case v.colons > 0:
		if v.verb == 'z' && v.colons <= 3 && v.digits == 0 {
			return [...]string{"+00:00", "+00:00:00", "+00"}[v.colons-1], true
		}
		return "", false
	case v.digits > 0:
		if (v.verb == 'N' || v.verb == 'Q') && v.digits <= 9 {
			return subsec(t, v.digits), true
		}
		return "", false
	}
	if l, ok := strftimeLayout[v.verb]; ok {
		return t.Format(l), true
	}
	return plainVerb(t, v.verb)
}

func plainVerb(t time.Time, verb byte) (string, bool) {
	switch verb {
	case 'Y':
		return strconv.Itoa(t.Year()), true
	case 'C':
		return fmt.Sprintf("%02d", t.Year()/100), true
	case 'Z':
		return "UTC", true
	case 'z':
		return "+0000", true
	case 's':
		return strconv.FormatInt(t.Unix(), 10), true
	case 'Q':
		return subsec(t, 3), true
	case 'N':
		return subsec(t, 9), true
	case 'f':
		return subsec(t, 6), true
	case 'k':
		return fmt.Sprintf("%2d", t.Hour()), true
	case 'l':
		return fmt.Sprintf("%2d", (t.Hour()+11)%12+1), true
	case 'P':
		return strings.ToLower(t.Format("PM")), true
	case 'x': // the docs' US English: 7/13/2019
		return fmt.Sprintf("%d/%d/%d", t.Month(), t.Day(), t.Year()), true
	case 'X': // the docs' US English: 9:30:00
		return fmt.Sprintf("%d:%02d:%02d", t.Hour(), t.Minute(), t.Second()), true
	case 'w':
		return strconv.Itoa(int(t.Weekday())), true
	case 'u':
		return strconv.Itoa((int(t.Weekday())+6)%7 + 1), true
	case 'U': // week of the year, weeks starting on Sunday
		return fmt.Sprintf("%02d", (t.YearDay()+6-int(t.Weekday()))/7), true
	case 'W': // weeks starting on Monday
		return fmt.Sprintf("%02d", (t.YearDay()+6-(int(t.Weekday())+6)%7)/7), true
	case 'V':
		_, w := t.ISOWeek()
		return fmt.Sprintf("%02d", w), true
	case 'G':
		y, _ := t.ISOWeek()
		return strconv.Itoa(y), true
	case 'g':
		y, _ := t.ISOWeek()
		return fmt.Sprintf("%02d", y%100), true
	case 'n':
		return "\n", true
	case 't':
		return "\t", true
	case '%':
		return "%", true
	}
	return "", false
}

func subsec(t time.Time, digits int) string {
	s := strconv.FormatInt(int64(t.Nanosecond())+1e9, 10)[1:]
	return s[:min(digits, 9)]
}
