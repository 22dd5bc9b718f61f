package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"sort"
)

// Site lookups: some add-on fields come from tables a Splunk site builds
// from its own feeds, not from the event - the CrowdStrike FDR add-on's
// host names come from the aidmaster inventory kept in a KV store. Such a
// table is declared with `site:` (LookupDef.Site), ships empty, and its
// outputs are reported as site-data fields (SiteFields) until a site's
// table is loaded (LoadSiteTables). Nothing is ever invented for them.

// SiteField is a field only a site table fills, while that table is empty.
type SiteField struct {
	Field string // the event field the lookup would set
	Table string // the lookup table (transforms.conf stanza) name
	Site  string // the feed that fills the table at a real site
}

// SiteFields lists, for one source/sourcetype/host, the fields that the
// automatic lookups would set from site tables still empty, by field.
func (a *Addons) SiteFields(source, sourcetype, host string) []SiteField {
	seen := map[string]bool{}
	var out []SiteField
	for _, l := range a.plan(source, sourcetype, host).lookups {
		t := l.lookup.table
		if t.site == "" || len(t.rows) > 0 {
			continue
		}
		for _, f := range l.lookup.outFields {
			if !seen[f] {
				seen[f] = true
				out = append(out, SiteField{Field: f, Table: t.name, Site: t.site})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// LoadSiteTables fills each site table from <table name>.csv in fsys when
// that file exists (a site's export of the inventory); a table whose file
// is absent stays empty. Columns are matched by name, so the file may
// have more columns or another order. A column a lookup matches on that
// the file lacks is an error; a missing output column gives no field, as
// a KV store record without that field does. It returns the tables loaded. Call it before the
// add-ons are used: it changes the tables in place.
func (a *Addons) LoadSiteTables(fsys fs.FS) ([]string, error) {
	var loaded []string
	used := a.siteColumns()
	for _, t := range a.siteTables() {
		data, err := fs.ReadFile(fsys, t.name+".csv")
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return loaded, err
		}
		if err := t.fill(data, used[t]); err != nil {
			return loaded, fmt.Errorf("%s.csv: %v", t.name, err)
		}
		loaded = append(loaded, t.name)
	}
	return loaded, nil
}

// siteTables lists the distinct site tables the stanzas' lookups use.
func (a *Addons) siteTables() []*lookupTable {
	seen := map[*lookupTable]bool{}
	var out []*lookupTable
	for _, s := range a.stanzas {
		for _, at := range s.attrs {
			if at.lookup == nil || at.lookup.table.site == "" || seen[at.lookup.table] {
				continue
			}
			seen[at.lookup.table] = true
			out = append(out, at.lookup.table)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// siteColumns lists, per site table, the columns its lookups match on.
func (a *Addons) siteColumns() map[*lookupTable]map[int]bool {
	used := map[*lookupTable]map[int]bool{}
	for _, s := range a.stanzas {
		for _, at := range s.attrs {
			if at.lookup == nil || at.lookup.table.site == "" {
				continue
			}
			t := at.lookup.table
			if used[t] == nil {
				used[t] = map[int]bool{}
			}
			for _, c := range at.lookup.inCols {
				used[t][c] = true
			}
		}
	}
	return used
}

// fill replaces the rows with the file's, rearranged into the table's own
// column order (the compiled lookups index columns by position); only the
// columns lookups match on must be in the file.
func (t *lookupTable) fill(data []byte, used map[int]bool) error {
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return fmt.Errorf("no header row")
	}
	from := make([]int, len(t.header))
	for i, h := range t.header {
		from[i] = indexOf(recs[0], h)
		if from[i] < 0 && used[i] {
			return fmt.Errorf("no column %q", h)
		}
	}
	rows := make([][]string, 0, len(recs)-1)
	for _, r := range recs[1:] {
		out := make([]string, len(from))
		for i, c := range from {
			if c >= 0 && c < len(r) {
				out[i] = r[c]
			}
		}
		rows = append(rows, out)
	}
	t.rows = rows
	return nil
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}
