package event

import "testing"

// ParseNumber reads what Splunk's eval treats as a number; smallInt is its
// fast path for plain integers and must agree with the general parser.
func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		s    string
		want float64
		ok   bool
	}{
		{"0", 0, true}, {"42", 42, true}, {"-7", -7, true}, {"007", 7, true}, {" 12 ", 12, true},
		{"+5", 5, true}, {"3.5", 3.5, true}, {"1e3", 1000, true},
		{"123456789012345", 123456789012345, true}, {"1234567890123456", 1234567890123456, true},
		{"0x10", 0, false}, {"", 0, false}, {"abc", 0, false}, {"1a", 0, false}, {"-", 0, false}, {"--1", 0, false},
	} {
		got, ok := ParseNumber(c.s)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", c.s, got, ok, c.want, c.ok)
		}
	}
}
