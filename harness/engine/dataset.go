package engine

import (
	"sort"
	"sync"

	"github.com/dactest/dactest/harness/event"
)

// Dataset is a set of replayed events shared by every program that runs on
// it. Its rows are never modified. Data-model projections are computed on
// first use and cached, so many detections over one dataset map it once.
type Dataset struct {
	rows []event.Row

	mu      sync.Mutex
	nodes   map[string]*projection
	columns map[string][]event.Value
	members map[string]*membership
}

// membership is the cached list of event indexes in one data-model node.
type membership struct {
	once sync.Once
	idx  []int
}

type projection struct {
	once sync.Once
	rows []event.Row
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
	return &Dataset{rows: sorted, nodes: map[string]*projection{}, columns: map[string][]event.Value{}, members: map[string]*membership{}}
}

// Len is the number of events.
func (d *Dataset) Len() int { return len(d.rows) }

// Rows returns the events newest first; callers must not modify them.
func (d *Dataset) Rows() []event.Row { return d.rows }

// project returns the cached projection for key, computing it once.
func (d *Dataset) project(key string, build func([]event.Row) []event.Row) []event.Row {
	d.mu.Lock()
	p, ok := d.nodes[key]
	if !ok {
		p = &projection{}
		d.nodes[key] = p
	}
	d.mu.Unlock()
	p.once.Do(func() { p.rows = build(d.rows) })
	return p.rows
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
	d.mu.Lock()
	m, ok := d.members[key]
	if !ok {
		m = &membership{}
		d.members[key] = m
	}
	d.mu.Unlock()
	m.once.Do(func() {
		for i, r := range d.rows {
			if in(r) {
				m.idx = append(m.idx, i)
			}
		}
	})
	return m.idx
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
