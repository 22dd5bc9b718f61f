package engine

import (
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
	pattern   string // the wildcard field
	as        string // "" : Splunk's default name, fn(field)
	newAcc    func() accum
}

// name is the output column for a field, and whether the field matches:
// the AS name takes what the pattern's stars matched, as rename does.
func (w *wildAgg) name(field string) (string, bool) {
	if strings.HasPrefix(field, "_") && !strings.HasPrefix(w.pattern, "_") {
		return "", false
	}
	if w.as == "" {
		_, ok := wildcardRename(field, w.pattern, w.pattern)
		return w.fn + w.param + "(" + field + ")", ok
	}
	return wildcardRename(field, w.pattern, w.as)
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
			col, ok := a.wild.name(f)
			if !ok {
				continue
			}
			field := f
			out.aggs = append(out.aggs, aggSpec{name: col, newAcc: a.wild.newAcc, byTime: a.byTime,
				arg: func(r event.Row) []string { return r[field] }})
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
