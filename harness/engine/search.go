package engine

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// matcher is a compiled search-command expression.
type matcher func(event.Row) bool

func matchAll(event.Row) bool { return true }

// timeModifiers are search-time arguments, not fields: the harness replays a
// fixed dataset, so a time window would silently change which events count.
var timeModifiers = map[string]bool{
	"earliest": true, "latest": true, "starttime": true, "endtime": true,
	"starthoursago": true, "endhoursago": true, "startdaysago": true,
	"enddaysago": true, "startminutesago": true, "endminutesago": true,
	"daysago": true, "hoursago": true, "minutesago": true,
}

// compileSearch turns a search-command expression into a matcher. A nil
// expression matches everything (`search` with no terms).
func compileSearch(x spl.SearchExpr, e *errs) matcher {
	switch n := x.(type) {
	case nil:
		return matchAll
	case *spl.SearchAnd:
		return andMatchers(compileAll(n.Terms, e))
	case *spl.SearchOr:
		return orMatchers(compileAll(n.Terms, e))
	case *spl.SearchNot:
		m := compileSearch(n.X, e)
		return func(r event.Row) bool { return !m(r) }
	case *spl.SearchCompare:
		return compileCompare(n, e)
	case *spl.SearchIn:
		return compileSearchIn(n, e)
	case *spl.SearchTerm:
		return compileTerm(n, e)
	case *spl.SearchSubsearch:
		e.unsupported(n.At, "subsearch", "subsearches are not evaluated")
		return matchAll
	}
	e.invalid(x.Position(), "search expression", "unknown node")
	return matchAll
}

func compileAll(xs []spl.SearchExpr, e *errs) []matcher {
	ms := make([]matcher, len(xs))
	for i, x := range xs {
		ms[i] = compileSearch(x, e)
	}
	return ms
}

func andMatchers(ms []matcher) matcher {
	if len(ms) == 1 {
		return ms[0]
	}
	return func(r event.Row) bool {
		for _, m := range ms {
			if !m(r) {
				return false
			}
		}
		return true
	}
}

func orMatchers(ms []matcher) matcher {
	if len(ms) == 1 {
		return ms[0]
	}
	return func(r event.Row) bool {
		for _, m := range ms {
			if m(r) {
				return true
			}
		}
		return false
	}
}

func checkSearchField(pos spl.Pos, field string, e *errs) bool {
	if timeModifiers[strings.ToLower(field)] {
		e.unsupported(pos, "time modifier "+field, "replayed data has no search time window")
		return false
	}
	if strings.Contains(field, "*") {
		e.unsupported(pos, "wildcard field name "+field, "")
		return false
	}
	return true
}

// compileCompare implements field OP value. `=` matches when any value of
// the field matches the pattern; `!=` only when the field exists and no
// value matches, so `NOT f=v` and `f!=v` differ on events without f
// (Splunk search reference, "search command: Usage", NOT vs !=).
func compileCompare(n *spl.SearchCompare, e *errs) matcher {
	if !checkSearchField(n.At, n.Field, e) {
		return matchAll
	}
	field := n.Field
	switch n.Op {
	case "=", "==":
		eq := valueMatcher(n.Value)
		return func(r event.Row) bool { return eq(r[field]) }
	case "!=":
		eq := valueMatcher(n.Value)
		return func(r event.Row) bool {
			v := r[field]
			return len(v) > 0 && !eq(v)
		}
	case "<", "<=", ">", ">=":
		return orderMatcher(field, n.Op, n.Value)
	}
	e.invalid(n.At, "search operator "+n.Op, "")
	return matchAll
}

// valueMatcher matches a field value against a search value: a wildcard
// pattern, or a CIDR block when the value is one (the search command
// supports CIDR notation, Splunk search reference "search").
func valueMatcher(val string) func(event.Value) bool {
	p := newPattern(val)
	if pfx, err := netip.ParsePrefix(val); err == nil {
		return func(v event.Value) bool {
			for _, s := range v {
				if ip, err := netip.ParseAddr(s); err == nil && pfx.Contains(ip) {
					return true
				}
			}
			return p.matchAny(v)
		}
	}
	return func(v event.Value) bool { return p.matchAny(v) }
}

// orderMatcher compares numerically when the value is a number (field
// values that are not numbers then never match) and lexicographically when
// it is not; any value of a multivalue field may satisfy it.
func orderMatcher(field, op, val string) matcher {
	want, wantNum := event.ParseNumber(val)
	return func(r event.Row) bool {
		for _, s := range r[field] {
			var c int
			if wantNum {
				f, ok := event.ParseNumber(s)
				if !ok {
					continue // a number never orders against text
				}
				c = cmpFloat(f, want)
			} else {
				c = strings.Compare(s, val)
			}
			if orderHolds(op, c) {
				return true
			}
		}
		return false
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func orderHolds(op string, c int) bool {
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	case "!=":
		return c != 0
	}
	return c == 0
}

// compileSearchIn is field IN (v1, v2): any value matching any listed
// pattern.
func compileSearchIn(n *spl.SearchIn, e *errs) matcher {
	if !checkSearchField(n.At, n.Field, e) {
		return matchAll
	}
	ms := make([]func(event.Value) bool, len(n.Values))
	for i, v := range n.Values {
		ms[i] = valueMatcher(v)
	}
	field := n.Field
	return func(r event.Row) bool {
		v := r[field]
		for _, m := range ms {
			if m(v) {
				return true
			}
		}
		return false
	}
}

// compileTerm matches a bare keyword or quoted phrase against _raw,
// case-insensitively. Splunk matches terms against the tokens of the event,
// so a term must start and end at a token boundary (any character that is
// not a letter or digit); `*` inside the term spans anything.
func compileTerm(n *spl.SearchTerm, e *errs) matcher {
	if n.Text == "" {
		e.invalid(n.At, "search term", "empty")
		return matchAll
	}
	if strings.Trim(n.Text, "*") == "" && n.Directive == "" {
		return matchAll
	}
	re := termRegexp(n.Text, n.Directive)
	return func(r event.Row) bool {
		for _, s := range r[event.Raw] {
			if re.MatchString(s) {
				return true
			}
		}
		return false
	}
}

// termRegexp builds the term's matcher. CASE(x) matches case-sensitively;
// TERM(x) must be bounded by whitespace (major breakers) on both sides.
func termRegexp(term, directive string) *regexp.Regexp {
	var b strings.Builder
	if directive == "CASE" {
		b.WriteString(`(?s)`)
	} else {
		b.WriteString(`(?is)`)
	}
	bound := isWordByte(term[0])
	if directive == "TERM" {
		b.WriteString(`(?:^|\s)`)
	} else if bound {
		b.WriteString(`(?:^|[^\pL\pN])`)
	}
	for i, piece := range strings.Split(term, "*") {
		if i > 0 {
			b.WriteString(`.*?`)
		}
		b.WriteString(regexp.QuoteMeta(piece))
	}
	switch {
	case directive == "TERM":
		b.WriteString(`(?:$|\s)`)
	case isWordByte(term[len(term)-1]):
		b.WriteString(`(?:$|[^\pL\pN])`)
	}
	return regexp.MustCompile(b.String())
}

func isWordByte(c byte) bool {
	return c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
