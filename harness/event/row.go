package event

import "sort"

// Reserved field names every event carries.
const (
	Time       = "_time" // epoch seconds, fractional, as text
	Raw        = "_raw"
	Source     = "source"
	Sourcetype = "sourcetype"
	Host       = "host"
)

// Row is one event or one result row: field name to value. Field names are
// case-sensitive, as in Splunk.
type Row map[string]Value

// Get returns the field's value, nil when absent.
func (r Row) Get(name string) Value { return r[name] }

// Set stores a value; a null value removes the field.
func (r Row) Set(name string, v Value) {
	if v.Null() {
		delete(r, name)
		return
	}
	r[name] = v
}

// Clone copies the row; values are shared because they are never mutated in
// place (every writer stores a fresh Value).
func (r Row) Clone() Row {
	c := make(Row, len(r))
	for k, v := range r {
		c[k] = v
	}
	return c
}

// Time returns _time in epoch seconds, and false when it is absent or not a number.
func (r Row) Time() (float64, bool) { return r[Time].Number() }

// Names returns the row's field names, sorted, for stable output.
func (r Row) Names() []string {
	names := make([]string, 0, len(r))
	for k := range r {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// Table is a search result: rows plus the column order Splunk would show.
type Table struct {
	Columns []string
	Rows    []Row
}
