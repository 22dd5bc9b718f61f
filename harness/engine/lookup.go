package engine

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// DefaultMaxMatches is transforms.conf max_matches for a lookup without
// time_field.
const DefaultMaxMatches = 100

// Lookup is a CSV lookup table with its transforms.conf-style matching
// settings, as the lookup command sees it.
type Lookup struct {
	Fields []string
	Rows   [][]string
	// CaseSensitive is case_sensitive_match (Splunk's default: true).
	CaseSensitive bool
	// Wildcard and CIDR name fields whose table values are patterns
	// (match_type = WILDCARD(f), CIDR(f)).
	Wildcard, CIDR map[string]bool
	// MaxMatches caps matches per event: the first N rows in file order
	// (default 100 for lookups that are not time-based, Knowledge Manager
	// Manual "Add field matching rules to your lookup configuration");
	// with fewer than MinMatches matches, DefaultMatch fills up to it.
	MaxMatches, MinMatches int
	DefaultMatch           string
}

// ReadLookupCSV reads a lookup table: a header row of field names, then
// one row per entry. Settings start at Splunk's defaults.
func ReadLookupCSV(r io.Reader) (*Lookup, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	// ESCU ships lookups written "field, other" (a space after each comma)
	// and searches them as `search isDynDNS=True`; those detections work in
	// Splunk, so Splunk reads such cells without the leading space.
	cr.TrimLeadingSpace = true
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("lookup CSV has no header")
	}
	l := &Lookup{Fields: recs[0], Rows: recs[1:], CaseSensitive: true, MaxMatches: DefaultMaxMatches,
		Wildcard: map[string]bool{}, CIDR: map[string]bool{}}
	return l, nil
}

var matchTypeRE = regexp.MustCompile(`(?i)(WILDCARD|CIDR)\(\s*([^)\s]+)\s*\)`)

// SetMatchType applies a match_type setting such as
// "WILDCARD(domain), CIDR(ip)".
func (l *Lookup) SetMatchType(s string) {
	for _, m := range matchTypeRE.FindAllStringSubmatch(s, -1) {
		if strings.EqualFold(m[1], "WILDCARD") {
			l.Wildcard[m[2]] = true
		} else {
			l.CIDR[m[2]] = true
		}
	}
}

func (l *Lookup) column(name string) int {
	for i, f := range l.Fields {
		if f == name {
			return i
		}
	}
	return -1
}

// fieldPair is `lookupField AS eventField`.
type fieldPair struct{ table, event string }

// lookupSpec is a parsed lookup command.
type lookupSpec struct {
	table     *Lookup
	inputs    []fieldPair
	outputs   []fieldPair
	outputNew bool
	matchers  []func(tableValue, eventValue string) bool
	inCols    []int
	outCols   []int
}

// lookup compiles `lookup [update=..] [local=..] name field [AS f] ...
// [OUTPUT|OUTPUTNEW field [AS f] ...]`. Without an output clause every
// other table field is output.
func (c *compiler) lookup(n *spl.GenericCommand) applyFn {
	spec, ok := c.parseLookup(n)
	if !ok {
		return nil
	}
	return mapRows(spec.apply)
}

func (c *compiler) parseLookup(n *spl.GenericCommand) (*lookupSpec, bool) {
	args := splitArgs(n)
	for len(args) > 0 && args[0].Key != "" {
		if args[0].Key != "update" && args[0].Key != "local" {
			c.errs.unsupported(args[0].At, "lookup option "+args[0].Key, "")
		}
		args = args[1:]
	}
	if len(args) < 2 {
		c.errs.invalid(n.At, "command lookup", "needs a lookup name and an input field")
		return nil, false
	}
	name := args[0].Value
	table := c.env.Lookups[name]
	if table == nil {
		c.missingLookup(args[0].At, name)
		return nil, false
	}
	spec := &lookupSpec{table: table}
	in, rest := fieldPairs(args[1:])
	spec.inputs = in
	if len(rest) > 0 {
		kw := strings.ToUpper(rest[0].Value)
		if kw != "OUTPUT" && kw != "OUTPUTNEW" {
			c.errs.invalid(rest[0].At, "lookup "+name, "unexpected "+rest[0].Value)
			return nil, false
		}
		spec.outputNew = kw == "OUTPUTNEW"
		spec.outputs, rest = fieldPairs(rest[1:])
	}
	return spec, c.bindLookup(n, spec)
}

// fieldPairs reads `a [AS b]` items until OUTPUT/OUTPUTNEW.
func fieldPairs(args []cmdArg) ([]fieldPair, []cmdArg) {
	var out []fieldPair
	for len(args) > 0 {
		w := strings.ToUpper(args[0].Value)
		if !args[0].Quoted && (w == "OUTPUT" || w == "OUTPUTNEW") {
			break
		}
		p := fieldPair{args[0].Value, args[0].Value}
		args = args[1:]
		if len(args) >= 2 && strings.EqualFold(args[0].Value, "as") {
			p.event = args[1].Value
			args = args[2:]
		}
		out = append(out, p)
	}
	return out, args
}

func (c *compiler) bindLookup(n *spl.GenericCommand, s *lookupSpec) bool {
	t := s.table
	for _, p := range s.inputs {
		col := t.column(p.table)
		if col < 0 {
			c.errs.invalid(n.At, "lookup field "+p.table, "not in the lookup table")
			return false
		}
		s.inCols = append(s.inCols, col)
		s.matchers = append(s.matchers, t.matcherFor(p.table))
	}
	if s.outputs == nil {
		for _, f := range t.Fields {
			if !hasTableField(s.inputs, f) {
				s.outputs = append(s.outputs, fieldPair{f, f})
			}
		}
	}
	for _, p := range s.outputs {
		col := t.column(p.table)
		if col < 0 {
			c.errs.invalid(n.At, "lookup field "+p.table, "not in the lookup table")
			return false
		}
		s.outCols = append(s.outCols, col)
	}
	return true
}

func hasTableField(ps []fieldPair, f string) bool {
	for _, p := range ps {
		if p.table == f {
			return true
		}
	}
	return false
}

func (l *Lookup) matcherFor(field string) func(string, string) bool {
	switch {
	case l.CIDR[field]:
		return func(t, e string) bool {
			pfx, err := netip.ParsePrefix(t)
			ip, err2 := netip.ParseAddr(e)
			return err == nil && err2 == nil && pfx.Contains(ip)
		}
	case l.Wildcard[field]:
		return func(t, e string) bool { return wildcardMatch(t, e, l.CaseSensitive) }
	case l.CaseSensitive:
		return func(t, e string) bool { return t == e }
	}
	return strings.EqualFold
}

func wildcardMatch(pat, s string, caseSensitive bool) bool {
	if caseSensitive {
		_, ok := wildcardRename(s, pat, pat)
		return ok
	}
	return newPattern(pat).match(s)
}

// apply looks one row up. OUTPUT replaces the output fields (clearing them
// when nothing matches); OUTPUTNEW only fills fields that are null.
func (s *lookupSpec) apply(r event.Row) event.Row {
	matches := s.find(r)
	out := r.Clone()
	for k, p := range s.outputs {
		if s.outputNew && !r[p.event].Null() {
			continue
		}
		var v event.Value
		for _, m := range matches {
			if val := m[s.outCols[k]]; val != "" {
				v = append(v, val)
			}
		}
		for n := len(matches); n < s.table.MinMatches && s.table.DefaultMatch != ""; n++ {
			v = append(v, s.table.DefaultMatch) // up to min_matches values
		}
		out.Set(p.event, v)
	}
	return out
}

func (s *lookupSpec) find(r event.Row) [][]string {
	var found [][]string
	for _, row := range s.table.Rows {
		if s.rowMatches(row, r) {
			found = append(found, row)
			if len(found) == s.table.MaxMatches {
				break
			}
		}
	}
	return found
}

func (s *lookupSpec) rowMatches(row []string, r event.Row) bool {
	for k, p := range s.inputs {
		col := s.inCols[k]
		if col >= len(row) {
			return false
		}
		ok := false
		for _, ev := range r[p.event] {
			if s.matchers[k](row[col], ev) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
