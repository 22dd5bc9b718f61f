package engine

import (
	"strings"
	"time"
)

// strptime reads text by a strftime-style format, as C's strptime does:
// each variable reads its field, a space in the format matches any run of
// white space (none included), and every other character must match
// itself. Text left over after the format gives no time. The result is
// epoch seconds, in UTC unless the text carries a zone (%z, or a %Z name
// dactest knows).
func strptime(text, format string) (float64, bool) {
	p := strptimeState{s: text, year: 1970, month: 1, day: 1}
	for i := 0; i < len(format); {
		c := format[i]
		switch {
		case c == '%':
			v, n := nextStrftimeVerb(format[i:])
			if n == 0 || !p.read(v) {
				return 0, false
			}
			i += n
		case c == ' ' || c == '\t':
			p.s = strings.TrimLeft(p.s, " \t\r\n")
			i++
		default:
			if p.s == "" || p.s[0] != c {
				return 0, false
			}
			p.s = p.s[1:]
			i++
		}
	}
	if p.s != "" {
		return 0, false
	}
	return p.epoch()
}

// unknownStrptimeVerb is the first variable of format strptime cannot
// read, or "".
func unknownStrptimeVerb(format string) string {
	return firstVerbWithout(format, strptimeReads)
}

func strptimeReads(v strftimeVerb) bool {
	switch {
	case v.e:
		return false
	case v.colons > 0:
		return v.verb == 'z'
	case v.digits > 0:
		return v.verb == 'N' || v.verb == 'Q'
	}
	return strings.IndexByte("YymdeHIMSpbhBaAjZzTFDNQf%", v.verb) >= 0
}

type strptimeState struct {
	s                      string
	year, month, day, yday int
	hour, min, sec, nsec   int
	pm, hasPM              bool
	zone                   int // seconds east of UTC
	hasYDay                bool
}

func (p *strptimeState) read(v strftimeVerb) bool {
	switch v.verb {
	case 'Y':
		return p.num(4, &p.year)
	case 'y':
		var y int
		if !p.num(2, &y) {
			return false
		}
		p.year = 1900 + y // POSIX: 69-99 are 19xx, 00-68 20xx
		if y < 69 {
			p.year = 2000 + y
		}
		return true
	case 'm':
		return p.num(2, &p.month)
	case 'd', 'e':
		p.s = strings.TrimLeft(p.s, " ")
		return p.num(2, &p.day)
	case 'H':
		return p.num(2, &p.hour)
	case 'I':
		p.hasPM = true
		return p.num(2, &p.hour)
	case 'M':
		return p.num(2, &p.min)
	case 'S':
		return p.num(2, &p.sec)
	case 'j':
		p.hasYDay = true
		return p.num(3, &p.yday)
	case 'p':
		return p.ampm()
	case 'b', 'h', 'B':
		return p.monthName()
	case 'a', 'A':
		return p.weekdayName()
	case 'T':
		return p.seq("%H:%M:%S")
	case 'F':
		return p.seq("%Y-%m-%d")
	case 'D':
		return p.seq("%m/%d/%y")
	case 'N', 'Q', 'f':
		return p.fraction(v)
	case 'z':
		return p.offset()
	case 'Z':
		return p.zoneName()
	case '%':
		if strings.HasPrefix(p.s, "%") {
			p.s = p.s[1:]
			return true
		}
	}
	return false
}

// num reads 1 to max digits.
func (p *strptimeState) num(max int, into *int) bool {
	d := leadingDigits(p.s, max)
	if d == "" {
		return false
	}
	n := 0
	for _, c := range d {
		n = n*10 + int(c-'0')
	}
	*into, p.s = n, p.s[len(d):]
	return true
}

func (p *strptimeState) seq(format string) bool {
	for i := 0; i < len(format); {
		if format[i] != '%' {
			if p.s == "" || p.s[0] != format[i] {
				return false
			}
			p.s, i = p.s[1:], i+1
			continue
		}
		v, n := nextStrftimeVerb(format[i:])
		if !p.read(v) {
			return false
		}
		i += n
	}
	return true
}

func (p *strptimeState) ampm() bool {
	switch {
	case len(p.s) >= 2 && strings.EqualFold(p.s[:2], "AM"):
		p.pm = false
	case len(p.s) >= 2 && strings.EqualFold(p.s[:2], "PM"):
		p.pm = true
	default:
		return false
	}
	p.hasPM, p.s = true, p.s[2:]
	return true
}

// prefixName reads the longest of names (full, then three-letter) the
// text starts with, ignoring case; it returns the name's index.
func (p *strptimeState) prefixName(names []string) (int, bool) {
	for _, full := range []bool{true, false} {
		for i, n := range names {
			if !full {
				n = n[:3]
			}
			if len(p.s) >= len(n) && strings.EqualFold(p.s[:len(n)], n) {
				p.s = p.s[len(n):]
				return i, true
			}
		}
	}
	return 0, false
}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
var weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

func (p *strptimeState) monthName() bool {
	i, ok := p.prefixName(monthNames)
	p.month = i + 1
	return ok
}

// weekdayName reads a day name; as in C's strptime it does not check it
// against the date.
func (p *strptimeState) weekdayName() bool {
	_, ok := p.prefixName(weekdayNames)
	return ok
}

// fraction reads subseconds: %N all digits there are (%3N, %6N, %9N
// exactly that many), %Q three unless %6Q/%9Q, %f six.
func (p *strptimeState) fraction(v strftimeVerb) bool {
	width := map[byte]int{'N': 9, 'Q': 3, 'f': 6}[v.verb]
	if v.digits > 0 {
		width = v.digits
	}
	d := leadingDigits(p.s, width)
	if d == "" || v.digits > 0 && len(d) != v.digits {
		return false
	}
	p.s = p.s[len(d):]
	frac := (d + "000000000")[:9]
	p.nsec = 0
	for _, c := range frac {
		p.nsec = p.nsec*10 + int(c-'0')
	}
	return true
}

// offset reads %z: Z, +hhmm, +hh:mm or +hh.
func (p *strptimeState) offset() bool {
	if strings.HasPrefix(p.s, "Z") {
		p.s, p.zone = p.s[1:], 0
		return true
	}
	if p.s == "" || p.s[0] != '+' && p.s[0] != '-' {
		return false
	}
	sign := 1
	if p.s[0] == '-' {
		sign = -1
	}
	p.s = p.s[1:]
	var h, m int
	if !p.fixed(2, &h) {
		return false
	}
	if strings.HasPrefix(p.s, ":") {
		p.s = p.s[1:]
	}
	if d := leadingDigits(p.s, 2); len(d) == 2 {
		p.fixed(2, &m)
	}
	p.zone = sign * (h*3600 + m*60)
	return true
}

func (p *strptimeState) fixed(n int, into *int) bool {
	if len(leadingDigits(p.s, n)) != n {
		return false
	}
	return p.num(n, into)
}

// zoneAbbrevs are the %Z names dactest reads: UTC and the US zones Splunk
// examples use. Another name gives no time rather than a guess.
var zoneAbbrevs = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}

func (p *strptimeState) zoneName() bool {
	end := 0
	for end < len(p.s) && (p.s[end] >= 'A' && p.s[end] <= 'Z' || p.s[end] >= 'a' && p.s[end] <= 'z') {
		end++
	}
	h, ok := zoneAbbrevs[strings.ToUpper(p.s[:end])]
	if !ok {
		return false
	}
	p.zone, p.s = h*3600, p.s[end:]
	return true
}

func (p *strptimeState) epoch() (float64, bool) {
	hour := p.hour
	if p.hasPM {
		if hour < 1 || hour > 12 {
			return 0, false
		}
		hour %= 12
		if p.pm {
			hour += 12
		}
	}
	if p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31 || hour > 23 || p.min > 59 || p.sec > 60 {
		return 0, false
	}
	t := time.Date(p.year, time.Month(p.month), p.day, hour, p.min, p.sec, p.nsec, time.UTC)
	if p.hasYDay {
		t = time.Date(p.year, 1, p.yday, hour, p.min, p.sec, p.nsec, time.UTC)
	}
	if t.Day() != p.day && !p.hasYDay {
		return 0, false // 30 February
	}
	return float64(t.Add(-time.Duration(p.zone)*time.Second).UnixNano()) / 1e9, true
}
