package engine

import (
	"sort"
	"sync"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/internal/memo"
)

// Dataset is a set of replayed events shared by every program that runs on
// it. Its rows are never modified. Data-model projections are computed on
// first use and cached, so many detections over one dataset map it once.
type Dataset struct {
	rows []event.Row

	nodes   memo.Map[string, []event.Row] // data-model projections
	members memo.Map[string, []int]       // event indexes in a node
	mu      sync.Mutex
	columns map[string][]event.Value
}

// NewDataset orders the events newest first, as Splunk returns events, so
// head, dedup, first and last see them in Splunk's order. The caller's
// slice is not modified.
func NewDataset(rows []event.Row) *Dataset {
	type timed struct {
		r  event.Row
		t  float64
		ok bool
	}
	ts := make([]timed, len(rows))
	for i, r := range rows {
		t, ok := r.Time()
		ts[i] = timed{r, t, ok}
	}
	sort.SliceStable(ts, func(i, j int) bool {
		if ts[i].ok != ts[j].ok {
			return ts[i].ok
		}
		return ts[i].t > ts[j].t
	})
	sorted := make([]event.Row, len(ts))
	for i, x := range ts {
		sorted[i] = x.r
	}
	return &Dataset{rows: sorted, columns: map[string][]event.Value{}}
}

// Len is the number of events.
func (d *Dataset) Len() int { return len(d.rows) }

// Rows returns the events newest first; callers must not modify them.
func (d *Dataset) Rows() []event.Row { return d.rows }

// project returns the cached projection for key, computing it once.
func (d *Dataset) project(key string, build func([]event.Row) []event.Row) []event.Row {
	return d.nodes.Get(key, func() []event.Row { return build(d.rows) })
}

// column returns one field's values for every row, built on first use:
// scanning a contiguous column is several times faster than a map lookup
// per event when a base search filters the whole dataset.
func (d *Dataset) column(name string) []event.Value {
	d.mu.Lock()
	defer d.mu.Unlock()
	if col, ok := d.columns[name]; ok {
		return col
	}
	col := make([]event.Value, len(d.rows))
	for i, r := range d.rows {
		col[i] = r[name]
	}
	d.columns[name] = col
	return col
}

// nodeMembers returns the cached indexes of the events for which in is
// true, computing them once per key.
func (d *Dataset) nodeMembers(key string, in func(event.Row) bool) []int {
	return d.members.Get(key, func() []int {
		var idx []int
		for i, r := range d.rows {
			if in(r) {
				idx = append(idx, i)
			}
		}
		return idx
	})
}

// derivedColumn is column for a computed field (a data-model calculated
// field), cached under key.
func (d *Dataset) derivedColumn(key string, f func(event.Row) event.Value) []event.Value {
	d.mu.Lock()
	col, ok := d.columns[key]
	d.mu.Unlock()
	if ok {
		return col
	}
	col = make([]event.Value, len(d.rows))
	for i, r := range d.rows {
		col[i] = f(r)
	}
	d.mu.Lock()
	if prev, ok := d.columns[key]; ok {
		col = prev // another run built it first; keep one copy
	} else {
		d.columns[key] = col
	}
	d.mu.Unlock()
	return col
}
