// Package inspect describes a dataset's fields as a detection would see
// them: which events carry each field, how many distinct values it takes,
// its commonest values, and whether the dataset reader produced it or the
// add-ons' search-time extractions did.
package inspect

import (
	"sort"

	"github.com/dactest/dactest/harness/event"
)

// Origins of a field.
const (
	OriginIngest = "extracted" // the dataset reader: indexed fields and the format's own keys
	OriginAddon  = "add-on"    // added by search-time add-on knowledge (KV_MODE, EXTRACT, FIELDALIAS, EVAL, eventtypes, tags)
)

// Field is one field of a set of events.
type Field struct {
	Name     string   `json:"name"`
	Events   int      `json:"events"`          // events that have the field
	Coverage float64  `json:"coverage"`        // Events / all events, 0..1
	Distinct int      `json:"distinct"`        // distinct values (multivalue elements count one by one)
	Samples  []Sample `json:"samples"`         // the commonest values, most frequent first
	Origins  []string `json:"origins"`         // OriginIngest and/or OriginAddon
	Rules    []string `json:"rules,omitempty"` // the add-on definitions that set it (CollectTraced)
	Multi    bool     `json:"multivalue,omitempty"`
}

// Sample is one value and how many events hold it.
type Sample struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Collect applies the add-ons (apply, e.g. Addons.ApplyAll) to rows in
// place and inventories every field, noting which fields existed before
// the add-ons ran. samples caps the values kept per field.
func Collect(rows []event.Row, apply func([]event.Row), samples int) []Field {
	return collect(rows, apply, samples, nil)
}

// CollectTraced is Collect with a tracing apply (Addons.ApplyTraced): each
// field also lists the add-on definitions that set it.
func CollectTraced(rows []event.Row, apply func(event.Row, func(field, rule string)), samples int) []Field {
	rules := map[string]map[string]bool{}
	note := func(field, rule string) {
		if rules[field] == nil {
			rules[field] = map[string]bool{}
		}
		rules[field][rule] = true
	}
	return collect(rows, func(rs []event.Row) {
		for _, r := range rs {
			apply(r, note)
		}
	}, samples, rules)
}

func collect(rows []event.Row, apply func([]event.Row), samples int, rules map[string]map[string]bool) []Field {
	before := make([]map[string]bool, len(rows))
	for i, r := range rows {
		before[i] = make(map[string]bool, len(r))
		for name := range r {
			before[i][name] = true
		}
	}
	if apply != nil {
		apply(rows)
	}
	acc := map[string]*accumulator{}
	for i, r := range rows {
		for name, v := range r {
			if v.Null() {
				continue
			}
			a := acc[name]
			if a == nil {
				a = &accumulator{values: map[string]int{}}
				acc[name] = a
			}
			a.add(v, before[i][name])
		}
	}
	out := make([]Field, 0, len(acc))
	for name, a := range acc {
		f := a.field(name, len(rows), samples)
		for rule := range rules[name] {
			f.Rules = append(f.Rules, rule)
		}
		sort.Strings(f.Rules)
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

type accumulator struct {
	events        int
	values        map[string]int
	ingest, addon bool
	multi         bool
}

func (a *accumulator) add(v event.Value, fromIngest bool) {
	a.events++
	if fromIngest {
		a.ingest = true
	} else {
		a.addon = true
	}
	if v.Multi() {
		a.multi = true
	}
	seen := map[string]bool{}
	for _, s := range v {
		if !seen[s] { // an event counts once per value
			seen[s] = true
			a.values[s]++
		}
	}
}

func (a *accumulator) field(name string, total, samples int) Field {
	f := Field{Name: name, Events: a.events, Distinct: len(a.values), Multi: a.multi}
	if total > 0 {
		f.Coverage = float64(a.events) / float64(total)
	}
	if a.ingest {
		f.Origins = append(f.Origins, OriginIngest)
	}
	if a.addon {
		f.Origins = append(f.Origins, OriginAddon)
	}
	f.Samples = topValues(a.values, samples)
	return f
}

// topValues keeps the n commonest values; ties go to the smaller value so
// the output is stable.
func topValues(counts map[string]int, n int) []Sample {
	all := make([]Sample, 0, len(counts))
	for v, c := range counts {
		all = append(all, Sample{Value: v, Count: c})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Count != all[j].Count {
			return all[i].Count > all[j].Count
		}
		return all[i].Value < all[j].Value
	})
	if len(all) > n {
		all = all[:n]
	}
	return all
}
