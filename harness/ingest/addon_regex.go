package ingest

import (
	"fmt"
	"regexp"
	"time"

	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/compat"
)

// Splunk's EXTRACT and REPORT regexes are PCRE; add-ons use look-ahead,
// look-behind and backreferences, which RE2 lacks. Like the engine's
// compileRx (harness/engine/pcre.go), a pattern RE2 refuses is compiled
// with regexp2, a backtracking engine, with a time limit per match
// standing in for PCRE's match_limit (limits.conf).

// addonRegex is what EXTRACT and REPORT need of a compiled regex;
// *regexp.Regexp has it, backtrackRegex gives it to regexp2.
type addonRegex interface {
	FindStringSubmatch(s string) []string
	FindAllStringSubmatchIndex(s string, n int) [][]int
	SubexpNames() []string
	NumSubexp() int
	SubexpIndex(name string) int
}

// addonRegexTimeout bounds one backtracking match; a match that runs out
// of time counts as no match, as PCRE stops at its match limit.
const addonRegexTimeout = 2 * time.Second

// compileAddonRegex compiles with RE2, else with regexp2 (RE2-compatible
// syntax such as (?P<n>...), groups numbered in pattern order as PCRE
// numbers them). When neither compiles, RE2's message is returned: it
// names the construct.
func compileAddonRegex(pattern string) (addonRegex, error) {
	re, err := regexp.Compile(pattern)
	if err == nil {
		return re, nil
	}
	bt, err2 := regexp2.Compile(pattern, regexp2.RE2, regexp2.OptionMaintainCaptureOrder())
	if err2 != nil {
		return nil, err
	}
	bt.MatchTimeout = addonRegexTimeout
	names := make([]string, 0, len(bt.GetGroupNumbers()))
	for _, n := range bt.GetGroupNumbers() {
		if n != len(names) {
			return nil, fmt.Errorf("%v (and its explicitly numbered groups are not supported)", err)
		}
		name := bt.GroupNameFromNumber(n)
		if name == fmt.Sprint(n) {
			name = "" // an unnamed group is named by its number
		}
		names = append(names, name)
	}
	return &backtrackRegex{re: compat.Wrap(bt), names: names}, nil
}

// backtrackRegex is a regexp2 regex with regexp.Regexp's methods.
type backtrackRegex struct {
	re    *compat.Regexp
	names []string
}

func (b *backtrackRegex) SubexpNames() []string { return b.names }
func (b *backtrackRegex) NumSubexp() int        { return len(b.names) - 1 }

func (b *backtrackRegex) SubexpIndex(name string) int {
	for i, n := range b.names {
		if n == name && name != "" {
			return i
		}
	}
	return -1
}

// The compat adapter panics when a match fails (a timeout); that is no
// match here.

func (b *backtrackRegex) FindStringSubmatch(s string) (m []string) {
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	return b.re.FindStringSubmatch(s)
}

func (b *backtrackRegex) FindAllStringSubmatchIndex(s string, n int) (m [][]int) {
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	return b.re.FindAllStringSubmatchIndex(s, n)
}
