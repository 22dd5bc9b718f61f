package ingest

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"
)

// cellMatcher says whether an event value matches one table cell.
type cellMatcher func(v string) bool

// compileMatchTypes compiles the WILDCARD and CIDR columns' cells once.
func (t *lookupTable) compileMatchTypes(wildcard, cidr []string) error {
	for _, cols := range []struct {
		names   []string
		compile func(cell string, fold bool) cellMatcher
	}{{wildcard, wildcardCell}, {cidr, cidrCell}} {
		for _, name := range cols.names {
			c := t.column(name)
			if c < 0 {
				return fmt.Errorf("match_type names column %q, which the table lacks", name)
			}
			if t.nonExact == nil {
				t.nonExact = map[int][]cellMatcher{}
			}
			if _, dup := t.nonExact[c]; dup {
				return fmt.Errorf("match_type names column %q twice", name)
			}
			cells := make([]cellMatcher, len(t.rows))
			for i, r := range t.rows {
				cell := ""
				if c < len(r) {
					cell = r[c]
				}
				cells[i] = cols.compile(cell, t.fold)
			}
			t.nonExact[c] = cells
		}
	}
	return nil
}

// wildcardCell: * matches any run of characters, the rest literally; the
// whole value must match.
func wildcardCell(cell string, fold bool) cellMatcher {
	if !strings.Contains(cell, "*") {
		if fold {
			return func(v string) bool { return strings.EqualFold(v, cell) }
		}
		return func(v string) bool { return v == cell }
	}
	parts := strings.Split(cell, "*")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	expr := `(?s)^` + strings.Join(parts, `.*`) + `$`
	if fold {
		expr = `(?i)` + expr
	}
	re := regexp.MustCompile(expr)
	return re.MatchString
}

// cidrCell: the event's IP lies in the cell's range; a cell that is a
// single address (or not an address at all) matches exactly.
func cidrCell(cell string, fold bool) cellMatcher {
	if p, err := netip.ParsePrefix(strings.TrimSpace(cell)); err == nil {
		p = p.Masked()
		return func(v string) bool {
			a, err := netip.ParseAddr(strings.TrimSpace(v))
			return err == nil && p.Contains(a.Unmap())
		}
	}
	if a, err := netip.ParseAddr(strings.TrimSpace(cell)); err == nil {
		return func(v string) bool {
			b, err := netip.ParseAddr(strings.TrimSpace(v))
			return err == nil && a.Unmap() == b.Unmap()
		}
	}
	if fold { // not an address: compared as text, * without meaning here
		return func(v string) bool { return strings.EqualFold(v, cell) }
	}
	return func(v string) bool { return v == cell }
}
