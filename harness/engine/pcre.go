package engine

import (
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// pcreTimeout bounds one backtracking match; a pattern that runs longer
// counts as not matching (Splunk's PCRE has similar match limits,
// limits.conf [rex] match_limit).
const pcreTimeout = 2 * time.Second

// rx is a Splunk regex. Splunk uses PCRE; Go's RE2 runs in linear time but
// lacks look-around and backreferences, so a pattern RE2 rejects is
// compiled with regexp2 (a backtracking engine with Perl/.NET syntax).
type rx struct {
	re   *regexp.Regexp
	bt   *regexp2.Regexp
	last atomic.Pointer[replaced] // replace's latest answer
}

// replaced remembers one replace() call. Add-ons apply the same pattern to
// the same field in several EVALs (the Sysmon add-on's process_name and
// process_exec both strip Image's folder), one after the other on each
// event, so the latest answer is often the next one asked for.
type replaced struct{ s, repl, out string }

// compiled shares one rx per pattern across every search and add-on
// (both engines' Regexp values are safe for concurrent use), so the
// replace memo serves every EVAL that uses the pattern.
var compiled sync.Map // pattern -> *rx

func compileRx(pattern string) (*rx, error) {
	if x, ok := compiled.Load(pattern); ok {
		return x.(*rx), nil
	}
	x, err := compileNewRx(pattern)
	if err != nil {
		return nil, err
	}
	shared, _ := compiled.LoadOrStore(pattern, x)
	return shared.(*rx), nil
}

func compileNewRx(pattern string) (*rx, error) {
	re, err := regexp.Compile(pattern)
	if err == nil {
		return &rx{re: re}, nil
	}
	bt, err2 := regexp2.Compile(pattern)
	if err2 != nil {
		return nil, err // RE2's message names the construct
	}
	bt.MatchTimeout = pcreTimeout
	return &rx{bt: bt}, nil
}

// MatchString reports whether s contains a match.
func (x *rx) MatchString(s string) bool {
	if x.re != nil {
		return x.re.MatchString(s)
	}
	ok, err := x.bt.MatchString(s)
	return ok && err == nil
}

// replace is eval replace(): every match replaced, \N in repl naming a
// capture group.
func (x *rx) replace(s, repl string) string {
	if m := x.last.Load(); m != nil && m.s == s && m.repl == repl {
		return m.out
	}
	out := x.replaceNow(s, repl)
	x.last.Store(&replaced{s, repl, out})
	return out
}

func (x *rx) replaceNow(s, repl string) string {
	if x.re != nil {
		return x.re.ReplaceAllString(s, goReplacement(repl))
	}
	// regexp2 replacement syntax is .NET's: ${1} and $$, like Go's.
	out, err := x.bt.Replace(s, goReplacement(repl), -1, -1)
	if err != nil {
		return s
	}
	return out
}

// namedGroups lists the pattern's named capture groups, in order.
func (x *rx) namedGroups() []string {
	var names []string
	if x.re != nil {
		for _, n := range x.re.SubexpNames() {
			if n != "" {
				names = append(names, n)
			}
		}
		return names
	}
	for _, n := range x.bt.GetGroupNames() {
		if _, err := strconv.Atoi(n); err != nil { // regexp2 numbers unnamed groups
			names = append(names, n)
		}
	}
	return names
}

// findAllNamed returns up to limit matches (limit < 0: all), each the
// values of namedGroups in order ("" for a group that took no part).
func (x *rx) findAllNamed(s string, names []string, limit int) [][]string {
	var out [][]string
	if x.re != nil {
		idx := map[string]int{}
		for i, n := range x.re.SubexpNames() {
			if n != "" {
				idx[n] = i
			}
		}
		for _, m := range x.re.FindAllStringSubmatch(s, limit) {
			vals := make([]string, len(names))
			for i, n := range names {
				vals[i] = m[idx[n]]
			}
			out = append(out, vals)
		}
		return out
	}
	m, err := x.bt.FindStringMatch(s)
	for err == nil && m != nil && (limit < 0 || len(out) < limit) {
		vals := make([]string, len(names))
		for i, n := range names {
			if g := m.GroupByName(n); g != nil {
				vals[i] = g.String()
			}
		}
		out = append(out, vals)
		m, err = x.bt.FindNextMatch(m)
	}
	return out
}
