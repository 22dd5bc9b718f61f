package engine

import (
	"strconv"
	"strings"
	"time"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// defaultTimeformat is convert's timeformat when none is given.
const defaultTimeformat = "%m/%d/%Y %H:%M:%S"

// convert applies conversion functions to fields. A value the function
// cannot convert is left as it is (convert reference); a missing field
// stays missing.
func (c *compiler) convert(n *spl.ConvertCommand) applyFn {
	format := n.Timeformat
	if format == "" {
		format = defaultTimeformat
	}
	type conv struct {
		item spl.Conversion
		fn   func(string) (string, bool)
	}
	var convs []conv
	for _, it := range n.Items {
		fn := converter(it.Func, format)
		if fn == nil {
			c.errs.unsupported(it.At, "convert function "+it.Func, "")
			continue
		}
		convs = append(convs, conv{it, fn})
	}
	return func(_ *runCtx, f frame) (frame, error) {
		cols := f.cols
		out := make([]event.Row, len(f.rows))
		for i, r := range f.rows {
			r = r.Clone()
			for _, cv := range convs {
				convertRow(r, cv.item, cv.fn)
			}
			out[i] = r
		}
		for _, cv := range convs {
			if cv.item.As != "" {
				cols = addColumn(cols, cv.item.As)
			}
		}
		return frame{rows: out, cols: cols}, nil
	}
}

func convertRow(r event.Row, it spl.Conversion, fn func(string) (string, bool)) {
	for _, name := range candidates(it.Field, r.Names()) {
		v := r[name]
		if v.Null() {
			continue
		}
		nv := make(event.Value, len(v))
		for i, s := range v {
			if c, ok := fn(s); ok {
				nv[i] = c
			} else {
				nv[i] = s
			}
		}
		target := name
		if it.As != "" {
			target = it.As
		}
		r[target] = nv
	}
}

func converter(name, format string) func(string) (string, bool) {
	switch strings.ToLower(name) {
	case "ctime":
		return func(s string) (string, bool) {
			f, ok := event.ParseNumber(s)
			if !ok {
				return "", false
			}
			return strftime(f, format), true
		}
	case "num":
		return func(s string) (string, bool) {
			f, ok := event.ParseNumber(s)
			if !ok {
				return "", false
			}
			return event.FormatNumber(f), true
		}
	case "rmcomma":
		return func(s string) (string, bool) { return strings.ReplaceAll(s, ",", ""), true }
	case "none":
		return func(s string) (string, bool) { return s, true }
	}
	return nil
}

// strftime formats epoch seconds in UTC with Splunk's strftime variables
// (common subset; unknown %x sequences are kept literally).
func strftime(epoch float64, format string) string {
	sec := int64(epoch)
	nsec := int64((epoch - float64(sec)) * 1e9)
	if epoch < 0 && nsec != 0 {
		sec--
		nsec += 1e9
	}
	t := time.Unix(sec, nsec).UTC()
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 >= len(format) {
			b.WriteByte(format[i])
			continue
		}
		i++
		if digits := format[i]; digits >= '1' && digits <= '9' && i+1 < len(format) && format[i+1] == 'N' {
			b.WriteString(subsec(t, int(digits-'0')))
			i++
			continue
		}
		b.WriteString(strftimeVerb(t, format[i]))
	}
	return b.String()
}

func subsec(t time.Time, digits int) string {
	s := strconv.FormatInt(int64(t.Nanosecond())+1e9, 10)[1:]
	return s[:min(digits, 9)]
}

// strftimeLayout maps strftime verbs to Go layouts.
var strftimeLayout = map[byte]string{
	'y': "06", 'm': "01", 'd': "02", 'e': "_2", 'H': "15", 'I': "03", 'M': "04",
	'S': "05", 'p': "PM", 'b': "Jan", 'h': "Jan", 'B': "January", 'a': "Mon",
	'A': "Monday", 'j': "002", 'T': "15:04:05", 'F': "2006-01-02",
}

func strftimeVerb(t time.Time, verb byte) string {
	if l, ok := strftimeLayout[verb]; ok {
		return t.Format(l)
	}
	switch verb {
	case 'Y':
		return strconv.Itoa(t.Year())
	case 'Z':
		return "UTC"
	case 'z':
		return "+0000"
	case 's':
		return strconv.FormatInt(t.Unix(), 10)
	case 'Q':
		return subsec(t, 3)
	case 'N':
		return subsec(t, 9)
	case 'w':
		return strconv.Itoa(int(t.Weekday()))
	case '%':
		return "%"
	}
	return "%" + string(verb)
}
