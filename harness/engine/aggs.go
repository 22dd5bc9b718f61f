package engine

import (
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// accum accumulates one aggregation over a group's rows. vals are the
// argument's values for the row (each element counts separately); t is the
// row's _time when it has one.
type accum interface {
	add(vals []string, t float64, hasT bool)
	result() event.Value
}

// aggFuncs builds a fresh accumulator per group. Anything absent is a
// compile error naming the function.
var aggFuncs = map[string]func() accum{
	"count":          func() accum { return &countAcc{} },
	"dc":             func() accum { return &dcAcc{set: map[string]struct{}{}} },
	"distinct_count": func() accum { return &dcAcc{set: map[string]struct{}{}} },
	"values":         func() accum { return &valuesAcc{set: map[string]struct{}{}} },
	"list":           func() accum { return &listAcc{} },
	"min":            func() accum { return &extremeAcc{sign: -1} },
	"max":            func() accum { return &extremeAcc{sign: 1} },
	"range":          func() accum { return &rangeAcc{} },
	"sum":            func() accum { return &sumAcc{} },
	"avg":            func() accum { return &sumAcc{avg: true} },
	"mean":           func() accum { return &sumAcc{avg: true} },
	"earliest":       func() accum { return &timeAcc{latest: false} },
	"latest":         func() accum { return &timeAcc{latest: true} },
	"first":          func() accum { return &orderAcc{first: true} },
	"last":           func() accum { return &orderAcc{} },
}

type countAcc struct{ n int }

func (a *countAcc) add(v []string, _ float64, _ bool) { a.n += len(v) }
func (a *countAcc) result() event.Value               { return num(float64(a.n)) }

func num(f float64) event.Value { return event.Value{event.FormatNumber(f)} }

type dcAcc struct{ set map[string]struct{} }

func (a *dcAcc) add(v []string, _ float64, _ bool) {
	for _, s := range v {
		a.set[s] = struct{}{}
	}
}
func (a *dcAcc) result() event.Value { return num(float64(len(a.set))) }

// valuesAcc is values(): distinct values in lexicographic order.
type valuesAcc struct{ set map[string]struct{} }

func (a *valuesAcc) add(v []string, _ float64, _ bool) {
	for _, s := range v {
		a.set[s] = struct{}{}
	}
}

func (a *valuesAcc) result() event.Value {
	if len(a.set) == 0 {
		return nil
	}
	out := make([]string, 0, len(a.set))
	for s := range a.set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// listAcc is list(): values in arrival order, at most 100 (stats reference).
type listAcc struct{ items []string }

func (a *listAcc) add(v []string, _ float64, _ bool) {
	for _, s := range v {
		if len(a.items) < 100 {
			a.items = append(a.items, s)
		}
	}
}
func (a *listAcc) result() event.Value { return event.Value(a.items) }

// extremeAcc is min/max: numeric when any value is a number (text values
// are then ignored), lexicographic when none is.
type extremeAcc struct {
	sign      int
	n         float64
	hasN      bool
	s         string
	hasS      bool
	numSource string
}

func (a *extremeAcc) add(v []string, _ float64, _ bool) {
	for _, s := range v {
		if f, ok := event.ParseNumber(s); ok {
			if !a.hasN || float64(a.sign)*(f-a.n) > 0 {
				a.n, a.hasN, a.numSource = f, true, s
			}
			continue
		}
		if !a.hasS || a.sign*strings.Compare(s, a.s) > 0 {
			a.s, a.hasS = s, true
		}
	}
}

func (a *extremeAcc) result() event.Value {
	switch {
	case a.hasN:
		return num(a.n)
	case a.hasS:
		return event.Value{a.s}
	}
	return nil
}

type rangeAcc struct{ lo, hi extremeAcc }

func (a *rangeAcc) add(v []string, t float64, h bool) {
	a.lo.sign, a.hi.sign = -1, 1
	a.lo.add(v, t, h)
	a.hi.add(v, t, h)
}

func (a *rangeAcc) result() event.Value {
	if !a.lo.hasN {
		return nil
	}
	return num(a.hi.n - a.lo.n)
}

// sumAcc is sum and avg over the numeric values.
type sumAcc struct {
	avg bool
	sum float64
	n   int
}

func (a *sumAcc) add(v []string, _ float64, _ bool) {
	for _, s := range v {
		if f, ok := event.ParseNumber(s); ok {
			a.sum += f
			a.n++
		}
	}
}

func (a *sumAcc) result() event.Value {
	if a.n == 0 {
		return nil
	}
	if a.avg {
		return num(a.sum / float64(a.n))
	}
	return num(a.sum)
}

// timeAcc is earliest/latest: the value seen at the smallest or largest
// _time.
type timeAcc struct {
	latest bool
	t      float64
	v      []string
}

func (a *timeAcc) add(v []string, t float64, hasT bool) {
	if len(v) == 0 || !hasT {
		return
	}
	if a.v == nil || (a.latest && t > a.t) || (!a.latest && t < a.t) {
		a.t, a.v = t, v
	}
}
func (a *timeAcc) result() event.Value { return event.Value(a.v) }

// orderAcc is first/last in result order (newest event first for raw
// events, as Splunk returns them).
type orderAcc struct {
	first bool
	v     []string
}

func (a *orderAcc) add(v []string, _ float64, _ bool) {
	if len(v) == 0 || (a.first && a.v != nil) {
		return
	}
	a.v = v
}
func (a *orderAcc) result() event.Value { return event.Value(a.v) }
