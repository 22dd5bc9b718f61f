package engine

import (
	"math"
	"sort"
	"strconv"

	"github.com/dactest/dactest/harness/event"
)

func init() {
	for name, f := range map[string]func() accum{
		"stdev":  func() accum { return &momentAcc{kind: "stdev"} },
		"stdevp": func() accum { return &momentAcc{kind: "stdevp"} },
		"var":    func() accum { return &momentAcc{kind: "var"} },
		"varp":   func() accum { return &momentAcc{kind: "varp"} },
		"sumsq":  func() accum { return &momentAcc{kind: "sumsq"} },
		"median": func() accum { return &percAcc{p: 50} },
		"mode":   func() accum { return &modeAcc{counts: map[string]int{}} },
		"estdc":  func() accum { return &dcAcc{set: map[string]struct{}{}} },
	} {
		aggFuncs[name] = f
	}
}

// percentileAgg builds perc<N>/p<N>/exactperc<N>/upperperc<N>: the
// parser splits the number into Param. Splunk's perc is approximate above
// 1000 values; over test-sized data it is exact, as computed here.
func percentileAgg(fn, param string) (func() accum, bool) {
	switch fn {
	case "perc", "p", "exactperc", "upperperc":
	default:
		return nil, false
	}
	p, err := strconv.ParseFloat(param, 64)
	if err != nil || p < 0 || p > 100 {
		return nil, false
	}
	upper := fn == "upperperc"
	return func() accum { return &percAcc{p: p, upper: upper} }, true
}

// momentAcc is stdev, stdevp, var, varp and sumsq over numeric values.
type momentAcc struct {
	kind         string
	n            float64
	sum, sumSq   float64
	mean, sqDiff float64 // Welford's running mean and squared distance
}

func (a *momentAcc) add(v []string, _ float64, _ bool) {
	for _, s := range v {
		f, ok := event.ParseNumber(s)
		if !ok {
			continue
		}
		a.n++
		a.sum += f
		a.sumSq += f * f
		d := f - a.mean
		a.mean += d / a.n
		a.sqDiff += d * (f - a.mean)
	}
}

func (a *momentAcc) result() event.Value {
	if a.n == 0 {
		return nil
	}
	switch a.kind {
	case "sumsq":
		return num(a.sumSq)
	case "varp":
		return num(a.sqDiff / a.n)
	case "stdevp":
		return num(math.Sqrt(a.sqDiff / a.n))
	}
	if a.n < 2 {
		return nil // sample variance of one value is undefined
	}
	if a.kind == "var" {
		return num(a.sqDiff / (a.n - 1))
	}
	return num(math.Sqrt(a.sqDiff / (a.n - 1)))
}

// percAcc is a nearest-rank percentile over numeric values.
type percAcc struct {
	p     float64
	upper bool
	vals  []float64
}

func (a *percAcc) add(v []string, _ float64, _ bool) {
	for _, s := range v {
		if f, ok := event.ParseNumber(s); ok {
			a.vals = append(a.vals, f)
		}
	}
}

func (a *percAcc) result() event.Value {
	if len(a.vals) == 0 {
		return nil
	}
	sort.Float64s(a.vals)
	rank := a.p / 100 * float64(len(a.vals)-1)
	i := int(math.Floor(rank))
	if a.upper {
		i = int(math.Ceil(rank))
	}
	return num(a.vals[i])
}

// modeAcc is the most frequent value; ties go to the value seen first.
type modeAcc struct {
	counts map[string]int
	order  []string
}

func (a *modeAcc) add(v []string, _ float64, _ bool) {
	for _, s := range v {
		if a.counts[s] == 0 {
			a.order = append(a.order, s)
		}
		a.counts[s]++
	}
}

func (a *modeAcc) result() event.Value {
	best := ""
	for _, s := range a.order {
		if best == "" || a.counts[s] > a.counts[best] {
			best = s
		}
	}
	if best == "" && len(a.order) == 0 {
		return nil
	}
	return event.Value{best}
}
