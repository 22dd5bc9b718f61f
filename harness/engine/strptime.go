package engine

import (
	"time"

	"github.com/dactest/dactest/harness/timefmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

func init() {
	funcs["strptime"] = funcSpec{2, 2, false, buildStrptime}
}

// buildStrptime is strptime(text, format): epoch seconds, UTC unless the
// text carries a zone; text that does not fit the format whole gives null.
// The format is read as props.conf's TIME_FORMAT is (package timefmt): a
// literal format is compiled once, and one it cannot read is unsupported.
func buildStrptime(c *compiler, n *spl.Call, a []evalFn) evalFn {
	var fixed *timefmt.Format
	if lit, ok := n.Args[1].(*spl.Literal); ok && !isEpochFormat(lit.Value) {
		f, err := timefmt.Compile(lit.Value)
		if err != nil {
			c.errs.unsupported(lit.At, "strptime format "+lit.Value, err.Error())
		}
		fixed = f
	}
	return func(r event.Row) val {
		s, ok := a[0](r).str()
		f, okF := a[1](r).str()
		if !ok || !okF {
			return nullVal
		}
		if isEpochFormat(f) {
			return parseEpochFormat(s, f)
		}
		tf := fixed
		if tf == nil {
			if tf, _ = timefmt.Compile(f); tf == nil {
				return nullVal
			}
		}
		t, used, ok := tf.Parse(s, time.UTC, strptimeYear)
		if !ok || used != len(s) {
			return nullVal
		}
		return numVal(float64(t.UnixNano()) / 1e9)
	}
}

// strptimeYear is the year of a format without one.
const strptimeYear = 1970

// epochFormat is a strptime format of epoch seconds: %s, then optionally
// subseconds - %N or %<n>N, with or without a "." before them.
var epochFormat = regexp.MustCompile(`^%s(\.?)(?:%([1-9]?)N)?$`)

func isEpochFormat(f string) bool { return epochFormat.MatchString(f) }

// parseEpochFormat reads s by an epoch format. %s takes at most 10
// digits (epoch seconds until the year 2286), so "%s%N" splits
// "1713805173418" into 1713805173 and .418 as the add-ons that write it
// expect; %<n>N takes n digits, %N the rest. Text left over, or a
// missing part, gives null.
func parseEpochFormat(s, f string) val {
	m := epochFormat.FindStringSubmatch(f)
	secs := leadingDigits(s, 10)
	if secs == "" {
		return nullVal
	}
	rest := s[len(secs):]
	frac := ""
	if strings.Contains(f, "N") {
		if m[1] == "." {
			if !strings.HasPrefix(rest, ".") {
				return nullVal
			}
			rest = rest[1:]
		}
		width := len(rest)
		if m[2] != "" {
			width = int(m[2][0] - '0')
		}
		frac = leadingDigits(rest, width)
		if frac == "" || (m[2] != "" && len(frac) != width) {
			return nullVal
		}
		rest = rest[len(frac):]
	}
	if rest != "" {
		return nullVal
	}
	v, err := strconv.ParseFloat(secs+"."+frac+"0", 64)
	if err != nil {
		return nullVal
	}
	return numVal(v)
}

// leadingDigits is the run of at most n ASCII digits s starts with.
func leadingDigits(s string, n int) string {
	i := 0
	for i < len(s) && i < n && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
