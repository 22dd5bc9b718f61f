package engine

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

func init() {
	more := map[string]funcSpec{
		"relative_time": {2, 2, false, buildRelativeTime},
		"urldecode":     {1, 1, false, unary(urldecode)},
		"mvfind":        {2, 2, false, buildMvfind},
		"mvfilter":      {1, 1, false, buildMvfilter},
		"md5":           {1, 1, false, unary(hashFn(md5.New))},
		"sha1":          {1, 1, false, unary(hashFn(sha1.New))},
		"sha256":        {1, 1, false, unary(hashFn(sha256.New))},
		"sha512":        {1, 1, false, unary(hashFn(sha512.New))},
	}
	for k, v := range more {
		funcs[k] = v
	}
}

// relativeRE reads a relative time specifier: an offset, an optional @snap
// unit, and an optional offset after the snap ("-7d@d", "@h+30m", "now").
var relativeRE = regexp.MustCompile(`^([+-]\d*[a-z]+)?(@[a-z]+\d?)?([+-]\d*[a-z]+)?$`)

// buildRelativeTime is relative_time(epoch, spec), in UTC.
func buildRelativeTime(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		t, ok := a[0](r).num()
		spec, okS := a[1](r).str()
		if !ok || !okS {
			return nullVal
		}
		out, ok := relativeTime(t, spec)
		if !ok {
			return nullVal
		}
		return numVal(out)
	}
}

func relativeTime(epoch float64, spec string) (float64, bool) {
	spec = strings.ToLower(strings.TrimSpace(spec))
	if spec == "now" || spec == "" {
		return epoch, true
	}
	m := relativeRE.FindStringSubmatch(spec)
	if m == nil {
		return 0, false
	}
	t := time.Unix(0, int64(epoch*1e9)).UTC()
	var ok bool
	if t, ok = applyOffset(t, m[1]); !ok {
		return 0, false
	}
	if m[2] != "" {
		if t, ok = snap(t, m[2][1:]); !ok {
			return 0, false
		}
	}
	if t, ok = applyOffset(t, m[3]); !ok {
		return 0, false
	}
	return float64(t.UnixNano()) / 1e9, true
}

func applyOffset(t time.Time, off string) (time.Time, bool) {
	if off == "" {
		return t, true
	}
	sign := 1
	if off[0] == '-' {
		sign = -1
	}
	i := 1
	for i < len(off) && off[i] >= '0' && off[i] <= '9' {
		i++
	}
	n := 1
	if i > 1 {
		n, _ = strconv.Atoi(off[1:i])
	}
	n *= sign
	switch unitName(off[i:]) {
	case "s":
		return t.Add(time.Duration(n) * time.Second), true
	case "m":
		return t.Add(time.Duration(n) * time.Minute), true
	case "h":
		return t.Add(time.Duration(n) * time.Hour), true
	case "d":
		return t.AddDate(0, 0, n), true
	case "w":
		return t.AddDate(0, 0, 7*n), true
	case "mon":
		return t.AddDate(0, n, 0), true
	case "q":
		return t.AddDate(0, 3*n, 0), true
	case "y":
		return t.AddDate(n, 0, 0), true
	}
	return t, false
}

func unitName(u string) string {
	switch u {
	case "s", "sec", "secs", "second", "seconds":
		return "s"
	case "m", "min", "mins", "minute", "minutes":
		return "m"
	case "h", "hr", "hrs", "hour", "hours":
		return "h"
	case "d", "day", "days":
		return "d"
	case "w", "week", "weeks", "w0":
		return "w"
	case "mon", "month", "months":
		return "mon"
	case "q", "qtr", "qtrs", "quarter", "quarters":
		return "q"
	case "y", "yr", "yrs", "year", "years":
		return "y"
	}
	return ""
}

// snap rounds down to the start of the unit (weeks start on Sunday; @w1
// to @w6 snap to the latest Monday to Saturday, @w7 is @w0: Search
// Reference, time modifiers).
func snap(t time.Time, unit string) (time.Time, bool) {
	y, mo, d := t.Date()
	if len(unit) == 2 && unit[0] == 'w' && unit[1] >= '0' && unit[1] <= '7' {
		day := int(unit[1]-'0') % 7
		back := (int(t.Weekday()) - day + 7) % 7
		return time.Date(y, mo, d-back, 0, 0, 0, 0, time.UTC), true
	}
	switch unitName(unit) {
	case "s":
		return t.Truncate(time.Second), true
	case "m":
		return t.Truncate(time.Minute), true
	case "h":
		return t.Truncate(time.Hour), true
	case "d":
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), true
	case "w":
		return time.Date(y, mo, d-int(t.Weekday()), 0, 0, 0, 0, time.UTC), true
	case "mon":
		return time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC), true
	case "q":
		return time.Date(y, (mo-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC), true
	case "y":
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), true
	}
	return t, false
}

// urldecode decodes %XX escapes and + as space; text that is not valid
// URL encoding is returned as it is.
func urldecode(v val) val {
	s, ok := v.str()
	if !ok {
		return nullVal
	}
	if d, err := url.QueryUnescape(s); err == nil {
		return strVal(d)
	}
	return strVal(s)
}

// buildMvfind is mvfind(mv, regex): the index of the first matching value,
// or null.
func buildMvfind(c *compiler, n *spl.Call, a []evalFn) evalFn {
	reOf := c.regexArg(n, a, 1)
	return func(r event.Row) val {
		re := reOf(r)
		if re == nil {
			return nullVal
		}
		for i, s := range a[0](r).items() {
			if re.MatchString(s) {
				return numVal(float64(i))
			}
		}
		return nullVal
	}
}

// buildMvfilter is mvfilter(predicate): the values of the one field the
// predicate names for which it is true; each value is tested as if the
// field held only that value.
func buildMvfilter(c *compiler, n *spl.Call, a []evalFn) evalFn {
	fields := map[string]bool{}
	walkExprFields(n.Args[0], func(f string) { fields[f] = true })
	if len(fields) != 1 {
		c.errs.invalid(n.At, "function mvfilter", "the predicate must name exactly one field")
		return func(event.Row) val { return nullVal }
	}
	var field string
	for f := range fields {
		field = f
	}
	pred := a[0]
	return func(r event.Row) val {
		var keep []string
		one := event.Row{}
		for _, s := range r[field] {
			one[field] = event.Value{s}
			if pred(one).truthy() {
				keep = append(keep, s)
			}
		}
		return mvVal(keep)
	}
}

func walkExprFields(x spl.Expr, f func(string)) {
	switch n := x.(type) {
	case *spl.FieldRef:
		f(n.Name)
	case *spl.Call:
		for _, a := range n.Args {
			walkExprFields(a, f)
		}
	case *spl.Binary:
		walkExprFields(n.L, f)
		walkExprFields(n.R, f)
	case *spl.Unary:
		walkExprFields(n.X, f)
	case *spl.InList:
		walkExprFields(n.X, f)
		for _, e := range n.List {
			walkExprFields(e, f)
		}
	}
}

func hashFn(h func() hash.Hash) func(val) val {
	return func(v val) val {
		s, ok := v.str()
		if !ok {
			return nullVal
		}
		sum := h()
		sum.Write([]byte(s))
		return strVal(hex.EncodeToString(sum.Sum(nil)))
	}
}
