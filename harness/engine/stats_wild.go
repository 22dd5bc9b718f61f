package engine

import (
	"regexp"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// wildAgg is an aggregation over a wildcard field, `values(*) AS *` or
// `latest(s*) AS last_*` (stats reference: "<stats-func>(<wc-field>) [AS
// <wc-field>]"). It stands for one aggregation per field of the input
// that matches, known only when the rows are: `*` does not match internal
// fields (a leading underscore; fields reference: "use _*" for those) nor
// the by-fields, and each `*` of the AS name takes what the matching `*`
// of the field pattern matched.
type wildAgg struct {
	fn, param string // function and its parameter (perc95: perc, 95)
	match     *regexp.Regexp
	internal  bool   // the pattern itself starts with "_"
	as        string // "" : Splunk's default name, fn(field)
	newAcc    func() accum
}

func newWildAgg(fn, param, pattern, as string, newAcc func() accum) *wildAgg {
	parts := strings.Split(pattern, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return &wildAgg{fn: fn, param: param, as: as, newAcc: newAcc,
		match: regexp.MustCompile("^" + strings.Join(parts, "(.*)") + "$"), internal: strings.HasPrefix(pattern, "_")}
}

// name is the output column for a matching field.
func (w *wildAgg) name(field string, groups []string) string {
	if w.as == "" {
		return w.fn + w.param + "(" + field + ")"
	}
	var b strings.Builder
	g := 0
	for _, r := range w.as {
		if r == '*' && g < len(groups) {
			b.WriteString(groups[g])
			g++
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// concrete is the grouping with each wildcard aggregation replaced by one
// per matching field of rows, fields in sorted order; g itself when it
// has none.
func (g *grouping) concrete(rows []event.Row) *grouping {
	wild := false
	for _, a := range g.aggs {
		wild = wild || a.wild != nil
	}
	if !wild {
		return g
	}
	fields := fieldNames(rows, byFields(g.by))
	out := *g
	out.aggs = nil
	for _, a := range g.aggs {
		if a.wild == nil {
			out.aggs = append(out.aggs, a)
			continue
		}
		for _, f := range fields {
			m := a.wild.match.FindStringSubmatch(f)
			if m == nil || (strings.HasPrefix(f, "_") && !a.wild.internal) {
				continue
			}
			name := f
			out.aggs = append(out.aggs, aggSpec{name: a.wild.name(f, m[1:]), newAcc: a.wild.newAcc, byTime: a.byTime,
				arg: func(r event.Row) []string { return r[name] }})
		}
	}
	return &out
}

// fieldNames lists the fields of rows, sorted, without the by-fields.
func fieldNames(rows []event.Row, by []string) []string {
	seen := map[string]bool{}
	for _, b := range by {
		seen[b] = true
	}
	var out []string
	for _, r := range rows {
		for k := range r {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}
