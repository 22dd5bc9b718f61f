// Package event holds the value model every other package shares: a Splunk
// field value (null, single or multivalue) and a row of named fields.
package event

import (
	"strconv"
	"strings"
)

// Value is one field's value as Splunk holds it. nil is null (the field is
// absent); one element is a single value; more elements make a multivalue
// field. Values are kept as text: Splunk types dynamically, so numeric
// meaning is decided where a value is compared or computed, not when stored.
type Value []string

// Single returns a one-element value.
func Single(s string) Value { return Value{s} }

// Null reports whether the field is absent.
func (v Value) Null() bool { return len(v) == 0 }

// First returns the first value, or "" for null.
func (v Value) First() string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// Multi reports whether the value holds more than one element.
func (v Value) Multi() bool { return len(v) > 1 }

// String renders the value the way Splunk shows a multivalue cell in text:
// its elements separated by newlines.
func (v Value) String() string { return strings.Join(v, "\n") }

// Number parses the first element as a number the way Splunk's comparisons
// do: leading and trailing spaces are ignored; hex (0x..) is not a number.
func (v Value) Number() (float64, bool) {
	if len(v) == 0 {
		return 0, false
	}
	return ParseNumber(v[0])
}

// ParseNumber reports whether s looks like a number to Splunk.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	c := s[0]
	if !(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.' {
		return 0, false
	}
	if n, ok := smallInt(s); ok {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// FormatNumber renders a number as Splunk prints computed numbers: integers
// without a decimal point, others with the shortest exact representation.
func FormatNumber(f float64) string {
	if f == float64(int64(f)) && f < 1e15 && f > -1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// smallInt reads a plain decimal integer of up to 15 digits (event codes,
// ports, pids: most numbers in events) without strconv's general parser.
func smallInt(s string) (float64, bool) {
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 15 {
		return 0, false
	}
	n := int64(0)
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			return 0, false
		}
		n = n*10 + int64(d)
	}
	if neg {
		n = -n
	}
	return float64(n), true
}
