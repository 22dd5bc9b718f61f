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

	mu    sync.Mutex
	nodes map[string]*projection
}

type projection struct {
	once sync.Once
	rows []event.Row
}

// NewDataset orders the events newest first, as Splunk returns events, so
// head, dedup, first and last see them in Splunk's order. The caller's
// slice is not modified.
func NewDataset(rows []event.Row) *Dataset {
	sorted := append([]event.Row(nil), rows...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, okA := sorted[i].Time()
		b, okB := sorted[j].Time()
		if okA != okB {
			return okA
		}
		return a > b
	})
	return &Dataset{rows: sorted, nodes: map[string]*projection{}}
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
