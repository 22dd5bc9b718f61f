package engine

import (
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// strcat is `strcat [allrequired=<bool>] <source-fields> <dest-field>`
// (strcat reference): the source fields' values and quoted literals joined
// into the last field. A missing field counts as empty unless allrequired
// is true, when the destination is written only if every field exists. A
// multivalue field gives its first value.
func (c *compiler) strcat(n *spl.GenericCommand) applyFn {
	allRequired := false
	var parts []cmdArg
	for _, a := range splitArgs(n) {
		switch a.Key {
		case "allrequired":
			allRequired = isTrue(a.Value)
		case "":
			parts = append(parts, a)
		default:
			c.errs.unsupported(a.At, "strcat option "+a.Key, "")
			return nil
		}
	}
	if len(parts) < 2 || parts[len(parts)-1].Quoted {
		c.errs.invalid(n.At, "command strcat", "needs source fields or quoted strings, then a destination field")
		return nil
	}
	dest, sources := parts[len(parts)-1].Value, parts[:len(parts)-1]
	return mapRows(func(r event.Row) event.Row {
		var b strings.Builder
		for _, s := range sources {
			if s.Quoted {
				b.WriteString(s.Value)
				continue
			}
			v := r.Get(s.Value)
			if v.Null() && allRequired {
				return r
			}
			b.WriteString(v.First())
		}
		r = r.Clone()
		r[dest] = event.Single(b.String())
		return r
	})
}
