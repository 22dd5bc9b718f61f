package ingest

import (
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
)

// LookupDef is a lookup table (transforms.conf [name] filename = x.csv),
// given inline as CSV text with a header row.
type LookupDef struct {
	CSV string `yaml:"csv"`
	// CaseInsensitive matches input values ignoring case
	// (case_sensitive_match = false); Splunk matches case-sensitively by default.
	CaseInsensitive bool `yaml:"case_insensitive"`
	// Bitmask makes the table a bitmask decoder (addon_bitmask.go).
	Bitmask bool `yaml:"bitmask"`
	// Site names the feed that fills the table at a real site (a host
	// inventory, a KV store collection); such a table ships empty and is
	// filled with LoadSiteTables (addon_site.go).
	Site string `yaml:"site"`
	// MaxMatches, MinMatches and DefaultMatch are transforms.conf's
	// max_matches (1-1000; 0 means the default, 100), min_matches and
	// default_match: an event matching fewer than MinMatches rows gets
	// DefaultMatch in each output field.
	MaxMatches   int    `yaml:"max_matches"`
	MinMatches   int    `yaml:"min_matches"`
	DefaultMatch string `yaml:"default_match"`
	// Wildcard and CIDR are transforms.conf's match_type = WILDCARD(col),
	// CIDR(col): in those columns a table value may hold * (any run of
	// characters) or be an address range the event's IP falls in
	// (Knowledge Manager Manual, "Add field matching rules to your lookup
	// configuration").
	Wildcard []string `yaml:"wildcard"`
	CIDR     []string `yaml:"cidr"`
}

// lookupTable is a compiled LookupDef: rows keyed by their input values.
type lookupTable struct {
	name    string
	header  []string
	rows    [][]string
	fold    bool
	bitmask bool
	site    string
	max     int // max_matches
	min     int // min_matches
	def     string
	// nonExact holds, per column matched other than exactly, each row's
	// compiled cell (lookup_match.go).
	nonExact map[int][]cellMatcher
}

func compileLookupTable(name string, d LookupDef) (*lookupTable, error) {
	recs, err := csv.NewReader(strings.NewReader(d.CSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("lookup %s: %v", name, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("lookup %s: no header row", name)
	}
	t := &lookupTable{name: name, header: recs[0], rows: recs[1:], fold: d.CaseInsensitive, bitmask: d.Bitmask, site: d.Site,
		max: d.MaxMatches, min: d.MinMatches, def: d.DefaultMatch}
	if t.max == 0 {
		t.max = engine.DefaultMaxMatches
	}
	if t.max < 1 || t.max > 1000 || t.min < 0 {
		return nil, fmt.Errorf("lookup %s: max_matches must be 1-1000 and min_matches at least 0", name)
	}
	if t.bitmask {
		if err := t.checkBitmask(); err != nil {
			return nil, fmt.Errorf("lookup %s: %v", name, err)
		}
	}
	if err := t.compileMatchTypes(d.Wildcard, d.CIDR); err != nil {
		return nil, fmt.Errorf("lookup %s: %v", name, err)
	}
	return t, nil
}

func (t *lookupTable) column(name string) int {
	for i, h := range t.header {
		if h == name {
			return i
		}
	}
	return -1
}

// lookupDef is one compiled automatic lookup:
// LOOKUP-x = table in [AS ev_in]... OUTPUT|OUTPUTNEW out [AS ev_out]...
type lookupDef struct {
	table     *lookupTable
	inCols    []int
	inFields  []string
	outCols   []int
	outFields []string
	outputNew bool
}

func compileLookup(v string, tables map[string]*lookupTable) (*lookupDef, error) {
	// Field lists may be comma-separated, as the lookup command's are:
	// the Palo Alto add-on writes OUTPUT vendor,product,vendor_product.
	f := strings.Fields(strings.ReplaceAll(v, ",", " "))
	if len(f) < 2 {
		return nil, fmt.Errorf("want <table> <field> [AS <event field>] ... [OUTPUT|OUTPUTNEW ...], got %q", v)
	}
	t, ok := tables[f[0]]
	if !ok {
		return nil, fmt.Errorf("no lookup table %q", f[0])
	}
	d := &lookupDef{table: t}
	in, out, hasOut := f[1:], []string(nil), false
	for i, w := range in {
		if u := strings.ToUpper(w); u == "OUTPUT" || u == "OUTPUTNEW" {
			in, out, hasOut, d.outputNew = f[1:1+i], f[2+i:], true, u == "OUTPUTNEW"
			break
		}
	}
	var err error
	if d.inCols, d.inFields, err = lookupPairs(t, in); err != nil {
		return nil, err
	}
	if t.bitmask && (len(d.inCols) != 1 || t.header[d.inCols[0]] != bitmaskColumn) {
		return nil, fmt.Errorf("bitmask lookup %s takes one input, its %q column", f[0], bitmaskColumn)
	}
	if !hasOut { // no OUTPUT: every other column, under its own name
		for _, h := range t.header {
			if !containsString(in, h) {
				out = append(out, h)
			}
		}
	}
	d.outCols, d.outFields, err = lookupPairs(t, out)
	return d, err
}

// lookupPairs reads "col [AS field] ..." against the table's header.
func lookupPairs(t *lookupTable, words []string) (cols []int, fields []string, err error) {
	for i := 0; i < len(words); i++ {
		col, field := words[i], words[i]
		if i+2 < len(words) && strings.EqualFold(words[i+1], "AS") {
			field, i = words[i+2], i+2
		}
		c := t.column(col)
		if c < 0 {
			return nil, nil, fmt.Errorf("lookup table has no column %q", col)
		}
		cols, fields = append(cols, c), append(fields, field)
	}
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("no lookup field")
	}
	return cols, fields, nil
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// apply sets the output fields from the matching rows, in file order and
// at most max_matches of them (default engine.DefaultMaxMatches), several
// matches giving a multivalue field as Splunk's lookups do. Fewer matches
// than min_matches add default_match to each output until there are
// min_matches (transforms.conf.spec: "it provides this default_match value
// one or more times until the min_matches threshold is reached");
// otherwise an event matching no row, or lacking an input field, is left
// alone. OUTPUTNEW fills only absent fields.
func (d *lookupDef) apply(row event.Row) {
	// A multivalue input matches a row when any of its values does, as
	// the lookup command matches (engine/lookup.go rowMatches).
	in := make([]event.Value, len(d.inFields))
	for i, f := range d.inFields {
		if in[i] = row.Get(f); in[i].Null() {
			return
		}
	}
	if d.table.bitmask {
		d.applyBitmask(row, in[0].First())
		return
	}
	out := make([]event.Value, len(d.outFields))
	found := 0
	for ri, r := range d.table.rows {
		if found == d.table.max {
			break
		}
		if !d.matches(r, in, ri) {
			continue
		}
		found++
		for i := range d.outFields {
			if c := d.outCols[i]; c < len(r) && r[c] != "" {
				out[i] = append(out[i], r[c])
			}
		}
	}
	for k := found; k < d.table.min && d.table.def != ""; k++ { // up to min_matches values
		for i := range out {
			out[i] = append(out[i], d.table.def)
		}
	}
	for i, f := range d.outFields {
		if out[i] != nil && !(d.outputNew && !row.Get(f).Null()) {
			row[f] = out[i]
		}
	}
}

func (d *lookupDef) matches(r []string, in []event.Value, row int) bool {
	for i, c := range d.inCols {
		if c >= len(r) || !d.anyValueMatches(r[c], c, row, in[i]) {
			return false
		}
	}
	return true
}

func (d *lookupDef) anyValueMatches(cell string, col, row int, vals event.Value) bool {
	for _, v := range vals {
		if m, ok := d.table.nonExact[col]; ok {
			if m[row](v) {
				return true
			}
			continue
		}
		if cell == v || (d.table.fold && strings.EqualFold(cell, v)) {
			return true
		}
	}
	return false
}
