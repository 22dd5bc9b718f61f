package engine

import (
	"regexp"
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
	re *regexp.Regexp
	bt *regexp2.Regexp
}

func compileRx(pattern string) (*rx, error) {
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
