package ingest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// A bitmask lookup table (LookupDef.Bitmask) decodes a flags field into
// the names of its raised bits, as the scripted lookups of the Splunk
// Add-on for CrowdStrike FDR do (bin/crowdstrike_ta_bitmask_lookup.py,
// transforms.conf [crowdstrike_ta_bitmask_lookup_*], fields_list =
// bitmask,result; documented at
// https://splunk.github.io/splunk-add-on-for-crowdstrike-fdr/bitmasklookups/):
//
//   - the input must be a decimal integer, else the script writes no row;
//   - 0 gives the row whose bitmask is 0, if the table has one;
//   - any other value gives every row whose bitmask shares a bit with it,
//     in table order - several rows make the output field multivalue.
const bitmaskColumn = "bitmask"

// checkBitmask: a bitmask column of integers.
func (t *lookupTable) checkBitmask() error {
	c := t.column(bitmaskColumn)
	if c < 0 {
		return fmt.Errorf("a bitmask table needs a %q column", bitmaskColumn)
	}
	for i, r := range t.rows {
		if c >= len(r) {
			return fmt.Errorf("row %d has no bitmask", i+2)
		}
		if _, ok := parseBitmask(r[c]); !ok {
			return fmt.Errorf("row %d: bitmask %q is not an integer", i+2, r[c])
		}
	}
	return nil
}

// parseBitmask reads a decimal integer as Python's int() does for the
// values sensors write (surrounding spaces allowed, a sign allowed).
// Negative values AND as two's complement, as in Python.
func parseBitmask(s string) (uint64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return uint64(n), true
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(s, "+"), 10, 64)
	return n, err == nil
}

// applyBitmask sets the outputs from every row whose bits the value
// raises (multivalue, table order); OUTPUTNEW fills only absent fields.
func (d *lookupDef) applyBitmask(row event.Row, value string) {
	mask, ok := parseBitmask(value)
	if !ok {
		return
	}
	c := d.table.column(bitmaskColumn)
	var matched [][]string
	for _, r := range d.table.rows {
		bits, _ := parseBitmask(r[c])
		if (mask == 0 && bits == 0) || bits&mask != 0 {
			matched = append(matched, r)
		}
	}
	if len(matched) == 0 {
		return
	}
	for i, f := range d.outFields {
		if d.outputNew && !row.Get(f).Null() {
			continue
		}
		var v event.Value
		for _, r := range matched {
			if oc := d.outCols[i]; oc < len(r) && r[oc] != "" {
				v = append(v, r[oc])
			}
		}
		if len(v) > 0 {
			row[f] = v
		}
	}
}
