package ingest

import (
	"fmt"
	"github.com/dactest/dactest/harness/timefmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"time"
)

// Index-time props.conf settings: they decide, when a dataset is read,
// where events break and what their _time is. A stanza that sets any of
// them puts its source/sourcetype/host on this path (linebreak.go,
// timefind.go); the settings it leaves out take the values of Splunk's
// system/default/props.conf [default] stanza (Splunk 8.2.7:
// SHOULD_LINEMERGE = True, BREAK_ONLY_BEFORE_DATE = True, MAX_EVENTS = 256,
// TRUNCATE = 10000, MAX_TIMESTAMP_LOOKAHEAD = 128, LINE_BREAKER ([\r\n]+)).
// Data no stanza speaks for keeps the content-sniffing readers.

// indexPlan is the merged index-time settings for one source, sourcetype
// and host.
type indexPlan struct {
	origin              map[string]string // setting -> "file [stanza]"
	lineBreaker         *regexp.Regexp    // nil: ([\r\n]+), read line by line
	breakerAtNewline    *regexp.Regexp    // lineBreaker anchored, when every match starts at \r or \n
	shouldLinemerge     bool
	breakOnlyBefore     *regexp.Regexp
	breakOnlyBeforeDate bool
	mustBreakAfter      *regexp.Regexp
	mustNotBreakAfter   *regexp.Regexp
	mustNotBreakBefore  *regexp.Regexp
	maxEvents           int
	truncate            int // bytes per line, 0: no limit
	timePrefix          *regexp.Regexp
	timeFormat          *timefmt.Format
	lookahead           int // 0: no limit
	tz                  *time.Location
	timestampFields     []string
	indexedExtractions  string // json, csv, w3c or ""
	datetimeConfig      string // "", CURRENT or NONE
}

func defaultIndexPlan() *indexPlan {
	return &indexPlan{origin: map[string]string{}, shouldLinemerge: true, breakOnlyBeforeDate: true,
		maxEvents: 256, truncate: 10000, lookahead: 128}
}

// indexSetting compiles one index-time setting; ok is false for keys that
// are not index-time settings of the model.
func compileIndexSetting(k, v string) (set func(*indexPlan), ok bool, err error) {
	c, known := indexSettings[k]
	if !known {
		return nil, false, nil
	}
	set, err = c(strings.TrimSpace(v))
	return set, true, err
}

// IndexTimeSettings names the index-time props.conf settings the readers
// apply (README: Index-time attributes).
func IndexTimeSettings() []string { return sortedKeys(indexSettings) }

var indexSettings = map[string]func(v string) (func(*indexPlan), error){
	"LINE_BREAKER": func(v string) (func(*indexPlan), error) {
		re, err := compileLineBreaker(v)
		var anchored *regexp.Regexp
		if re != nil && startsAtNewline(re) {
			anchored = mustAnchor(re)
		}
		return func(p *indexPlan) { p.lineBreaker, p.breakerAtNewline = re, anchored }, err
	},
	"SHOULD_LINEMERGE":       boolSetting(func(p *indexPlan, b bool) { p.shouldLinemerge = b }),
	"BREAK_ONLY_BEFORE_DATE": boolSetting(func(p *indexPlan, b bool) { p.breakOnlyBeforeDate = b }),
	"BREAK_ONLY_BEFORE":      regexSetting(func(p *indexPlan, re *regexp.Regexp) { p.breakOnlyBefore = re }),
	"MUST_BREAK_AFTER":       regexSetting(func(p *indexPlan, re *regexp.Regexp) { p.mustBreakAfter = re }),
	"MUST_NOT_BREAK_AFTER":   regexSetting(func(p *indexPlan, re *regexp.Regexp) { p.mustNotBreakAfter = re }),
	"MUST_NOT_BREAK_BEFORE":  regexSetting(func(p *indexPlan, re *regexp.Regexp) { p.mustNotBreakBefore = re }),
	"TIME_PREFIX":            regexSetting(func(p *indexPlan, re *regexp.Regexp) { p.timePrefix = re }),
	"MAX_EVENTS":             intSetting(1, func(p *indexPlan, n int) { p.maxEvents = n }),
	"TRUNCATE":               intSetting(0, func(p *indexPlan, n int) { p.truncate = n }),
	"MAX_TIMESTAMP_LOOKAHEAD": intSetting(-1, func(p *indexPlan, n int) {
		p.lookahead = max(n, 0) // 0 and -1 both lift the limit (props.conf.spec)
	}),
	"TIME_FORMAT": func(v string) (func(*indexPlan), error) {
		tf, err := timefmt.Compile(v)
		return func(p *indexPlan) { p.timeFormat = tf }, err
	},
	"TZ": func(v string) (func(*indexPlan), error) {
		loc, err := time.LoadLocation(v)
		return func(p *indexPlan) { p.tz = loc }, err
	},
	"TIMESTAMP_FIELDS": func(v string) (func(*indexPlan), error) {
		var fields []string
		for _, f := range strings.Split(v, ",") {
			if f = strings.Trim(strings.TrimSpace(f), `"`); f != "" {
				fields = append(fields, f)
			}
		}
		if len(fields) == 0 {
			return nil, fmt.Errorf("no field named")
		}
		return func(p *indexPlan) { p.timestampFields = fields }, nil
	},
	"INDEXED_EXTRACTIONS": func(v string) (func(*indexPlan), error) {
		mode := strings.ToLower(v)
		switch mode {
		case "json", "csv", "w3c":
			return func(p *indexPlan) { p.indexedExtractions = mode }, nil
		}
		return nil, fmt.Errorf("INDEXED_EXTRACTIONS = %s is not modelled (json, csv and w3c are)", v)
	},
	"DATETIME_CONFIG": func(v string) (func(*indexPlan), error) {
		switch u := strings.ToUpper(v); {
		case u == "CURRENT" || u == "NONE":
			return func(p *indexPlan) { p.datetimeConfig = u }, nil
		case v == "/etc/datetime.xml" || v == "":
			// the built-in recognition; an empty value (real add-ons write
			// "DATETIME_CONFIG =") leaves the default, datetime.xml
			return func(p *indexPlan) { p.datetimeConfig = "" }, nil
		}
		return nil, fmt.Errorf("DATETIME_CONFIG = %s: only CURRENT, NONE and the default datetime.xml are modelled", v)
	},
}

func boolSetting(set func(*indexPlan, bool)) func(string) (func(*indexPlan), error) {
	return func(v string) (func(*indexPlan), error) {
		b, err := splunkBool(v)
		return func(p *indexPlan) { set(p, b) }, err
	}
}

func regexSetting(set func(*indexPlan, *regexp.Regexp)) func(string) (func(*indexPlan), error) {
	return func(v string) (func(*indexPlan), error) {
		if v == "" {
			return func(p *indexPlan) { set(p, nil) }, nil // an empty value unsets it, as [default] does
		}
		re, err := regexp.Compile(v)
		return func(p *indexPlan) { set(p, re) }, err
	}
}

func intSetting(lo int, set func(*indexPlan, int)) func(string) (func(*indexPlan), error) {
	return func(v string) (func(*indexPlan), error) {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo {
			return nil, fmt.Errorf("want an integer >= %d, got %q", lo, v)
		}
		return func(p *indexPlan) { set(p, n) }, nil
	}
}

// splunkBool reads a props.conf boolean (true/false, 1/0, yes/no, t/f).
func splunkBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "1", "yes", "t", "y", "on":
		return true, nil
	case "false", "0", "no", "f", "n", "off":
		return false, nil
	}
	return false, fmt.Errorf("want true or false, got %q", v)
}

// lookaheadTail matches a trailing positive lookahead "(?=...)", which RE2
// lacks. After LINE_BREAKER's capture group, text that must follow is
// text that starts the next event, so matching it plainly breaks in the
// same places.
var lookaheadTail = regexp.MustCompile(`\(\?=(.*)\)$`)

// compileLineBreaker compiles a LINE_BREAKER: its first capture group is
// the text between events.
func compileLineBreaker(v string) (*regexp.Regexp, error) {
	if v == `([\r\n]+)` || v == `([\n\r]+)` {
		return nil, nil // the default: the line reader does it faster
	}
	src := v
	if m := lookaheadTail.FindStringSubmatchIndex(v); m != nil && !strings.Contains(v[:m[0]], "(?=") {
		src = v[:m[0]] + "(?:" + v[m[2]:m[3]] + ")"
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, fmt.Errorf("LINE_BREAKER %q: %v", v, err)
	}
	if re.NumSubexp() == 0 {
		return nil, fmt.Errorf("LINE_BREAKER %q has no capturing group (Splunk removes the first group's text between events)", v)
	}
	return re, nil
}

// mustAnchor is re matched only at the start of its input.
func mustAnchor(re *regexp.Regexp) *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + re.String() + `)`)
}

// startsAtNewline tells whether every match of re begins with \r or \n
// (as ([\r\n]+)... does): the breaker then tries re only where a line
// ends, which is much faster than an unanchored search.
func startsAtNewline(re *regexp.Regexp) bool {
	t, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return false
	}
	return firstIsNewline(t.Simplify())
}

func firstIsNewline(t *syntax.Regexp) bool {
	switch t.Op {
	case syntax.OpCapture:
		return firstIsNewline(t.Sub[0])
	case syntax.OpConcat:
		return len(t.Sub) > 0 && firstIsNewline(t.Sub[0])
	case syntax.OpPlus:
		return firstIsNewline(t.Sub[0])
	case syntax.OpAlternate:
		for _, s := range t.Sub {
			if !firstIsNewline(s) {
				return false
			}
		}
		return len(t.Sub) > 0
	case syntax.OpLiteral:
		return len(t.Rune) > 0 && (t.Rune[0] == '\n' || t.Rune[0] == '\r') && t.Flags&syntax.FoldCase == 0
	case syntax.OpCharClass:
		for i := 0; i+1 < len(t.Rune); i += 2 {
			for r := t.Rune[i]; r <= t.Rune[i+1]; r++ {
				if r != '\n' && r != '\r' {
					return false
				}
			}
		}
		return len(t.Rune) > 0
	}
	return false
}
