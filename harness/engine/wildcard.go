package engine

import (
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// pattern is a search-command value pattern: case-insensitive, `*` matches
// any run of characters, and the whole value must match (Splunk field=value
// is not a substring match unless the pattern says so with `*`).
type pattern struct {
	all   bool     // the pattern is only stars: matches any value
	exact string   // the pattern has no star: compared with EqualFold
	parts []string // the pieces between stars when it has some
	wild  bool
}

func newPattern(p string) *pattern {
	if strings.Trim(p, "*") == "" && p != "" {
		return &pattern{all: true, wild: true}
	}
	if !strings.Contains(p, "*") {
		return &pattern{exact: p}
	}
	return &pattern{parts: strings.Split(p, "*"), wild: true}
}

func (p *pattern) match(s string) bool {
	if p.all {
		return true
	}
	if !p.wild {
		return s == p.exact || strings.EqualFold(s, p.exact)
	}
	first, last := p.parts[0], p.parts[len(p.parts)-1]
	if !hasPrefixFold(s, first) {
		return false
	}
	s = s[len(first):]
	for _, mid := range p.parts[1 : len(p.parts)-1] {
		if mid == "" {
			continue
		}
		i := indexFold(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return hasSuffixFold(s, last)
}

// matchAny reports whether any value of a multivalue field matches.
func (p *pattern) matchAny(v event.Value) bool {
	for _, s := range v {
		if p.match(s) {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
}

func hasSuffixFold(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[len(s)-len(p):], p)
}

// indexFold is a case-insensitive strings.Index for ASCII-folded text; it
// checks the first byte in both cases before comparing the rest.
func indexFold(s, p string) int {
	if p == "" {
		return 0
	}
	lo, up := lowerASCII(p[0]), upperASCII(p[0])
	if lo == up && lo < 0x80 {
		return indexFoldFrom(s, p, lo)
	}
	for i := 0; i+len(p) <= len(s); i++ {
		c := s[i]
		if c != lo && c != up && c < 0x80 {
			continue
		}
		if strings.EqualFold(s[i:i+len(p)], p) {
			return i
		}
	}
	return -1
}

// indexFoldFrom handles a needle starting with a caseless byte, letting
// IndexByte (vectorised) find the candidates.
func indexFoldFrom(s, p string, first byte) int {
	off := 0
	for {
		i := strings.IndexByte(s[off:], first)
		if i < 0 || off+i+len(p) > len(s) {
			return -1
		}
		if strings.EqualFold(s[off+i:off+i+len(p)], p) {
			return off + i
		}
		off += i + 1
	}
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func upperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// wildcardRename maps a name through a rename pattern pair like
// `Processes.* AS *`: it returns the new name and whether old matched. Stars
// in from capture case-sensitively (field names are case-sensitive).
func wildcardRename(name, from, to string) (string, bool) {
	if !strings.Contains(from, "*") {
		return to, name == from
	}
	caps, ok := captureStars(name, strings.Split(from, "*"))
	if !ok {
		return "", false
	}
	var b strings.Builder
	for i, piece := range strings.Split(to, "*") {
		if i > 0 && i-1 < len(caps) {
			b.WriteString(caps[i-1])
		}
		b.WriteString(piece)
	}
	return b.String(), true
}

// captureStars matches name against literal parts separated by stars,
// returning what each star matched (leftmost-shortest, then the rest).
func captureStars(name string, parts []string) ([]string, bool) {
	if !strings.HasPrefix(name, parts[0]) {
		return nil, false
	}
	rest := name[len(parts[0]):]
	var caps []string
	for i, p := range parts[1:] {
		lastPart := i == len(parts)-2
		if lastPart {
			if !strings.HasSuffix(rest, p) {
				return nil, false
			}
			caps = append(caps, rest[:len(rest)-len(p)])
			return caps, true
		}
		j := strings.Index(rest, p)
		if j < 0 {
			return nil, false
		}
		caps = append(caps, rest[:j])
		rest = rest[j+len(p):]
	}
	return caps, true
}
