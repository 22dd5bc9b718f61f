package engine

import (
	"strings"

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
	if bad := unknownStrftimeVerb(format); bad != "" {
		c.errs.unsupported(n.At, "convert timeformat variable "+bad, "")
	}
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
