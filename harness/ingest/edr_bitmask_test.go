package ingest

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dactest/dactest/harness/event"
)

// bitmaskAddons: one stanza with two bitmask lookups, one table with a 0
// row (as crowdstrike_ta_bitmask_lookup_ModifiedRegisters.py has) and
// one without.
const bitmaskYAML = `name: bitmask test
props:
  flags:test:
    LOOKUP-a: flags_table bitmask AS Flags OUTPUTNEW result AS Flags_meaning
    LOOKUP-b: zero_table bitmask AS Regs OUTPUTNEW result AS Regs_meaning
lookups:
  flags_table:
    bitmask: true
    csv: |
      bitmask,result
      1,ONE
      2,TWO
      8,EIGHT
      2147483648,HIGH_BIT
  zero_table:
    bitmask: true
    csv: |
      bitmask,result
      0,INVALID
      1,AX
`

func loadTestAddons(t *testing.T, files map[string]string) *Addons {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	a, err := LoadAddons(fsys, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Semantics of bin/crowdstrike_ta_bitmask_lookup.py (Splunk Add-on for
// CrowdStrike FDR 2.0.5): int() of the value, 0 -> the 0 row only, else
// every row with a shared bit in table order; multivalue in Splunk.
func TestBitmaskLookupValues(t *testing.T) {
	a := loadTestAddons(t, map[string]string{"b.yml": bitmaskYAML})
	for _, c := range []struct {
		field, value, out, want string // want: values joined by "\n"; "" none
	}{
		{"Flags", "11", "Flags_meaning", "ONE\nTWO\nEIGHT"},
		{"Flags", "8", "Flags_meaning", "EIGHT"},
		{"Flags", "4", "Flags_meaning", ""}, // no named bit
		{"Flags", "0", "Flags_meaning", ""}, // no 0 row
		{"Flags", "2147483649", "Flags_meaning", "ONE\nHIGH_BIT"},
		{"Flags", " 2 ", "Flags_meaning", "TWO"},                      // int() strips spaces
		{"Flags", "-1", "Flags_meaning", "ONE\nTWO\nEIGHT\nHIGH_BIT"}, // two's complement, as Python
		{"Flags", "0x2", "Flags_meaning", ""},                         // not decimal: the script skips it
		{"Flags", "abc", "Flags_meaning", ""},
		{"Regs", "0", "Regs_meaning", "INVALID"},
		{"Regs", "1", "Regs_meaning", "AX"},
	} {
		r := event.Row{event.Sourcetype: event.Single("flags:test"), c.field: event.Single(c.value)}
		a.Apply(r)
		if got := r.Get(c.out).String(); got != c.want {
			t.Errorf("%s=%q: %s = %q, want %q", c.field, c.value, c.out, got, c.want)
		}
	}
}

// OUTPUTNEW: an output field the event already has is kept.
func TestBitmaskLookupOutputNewKeeps(t *testing.T) {
	a := loadTestAddons(t, map[string]string{"b.yml": bitmaskYAML})
	r := event.Row{event.Sourcetype: event.Single("flags:test"), "Flags": event.Single("3"), "Flags_meaning": event.Single("mine")}
	a.Apply(r)
	if got := r.Get("Flags_meaning").String(); got != "mine" {
		t.Errorf("Flags_meaning = %q, want kept", got)
	}
}

func TestBitmaskTableErrors(t *testing.T) {
	for _, c := range []struct{ name, yml, want string }{
		{"no bitmask column", "name: x\nlookups:\n  t:\n    bitmask: true\n    csv: \"value,result\\n1,A\\n\"\n", `needs a "bitmask" column`},
		{"not an integer", "name: x\nlookups:\n  t:\n    bitmask: true\n    csv: \"bitmask,result\\n0x1,A\\n\"\n", `row 2: bitmask "0x1" is not an integer`},
		{"two inputs", "name: x\nprops:\n  s:\n    LOOKUP-x: t bitmask AS F result AS G\nlookups:\n  t:\n    bitmask: true\n    csv: \"bitmask,result\\n1,A\\n\"\n", "takes one input"},
	} {
		fsys := fstest.MapFS{"x.yml": &fstest.MapFile{Data: []byte(c.yml)}}
		_, err := LoadAddons(fsys, EngineCompilers())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

// parseBitmask never panics, accepts exactly what strconv reads as a
// (possibly signed) decimal integer after trimming spaces, and keeps the
// value's bits.
func FuzzParseBitmask(f *testing.F) {
	for _, s := range []string{"0", "24577", " 2 ", "-1", "+7", "0x10", "", "18446744073709551615", "99999999999999999999", "1_000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := parseBitmask(s)
		if !ok {
			return
		}
		trimmed := strings.TrimSpace(s)
		if trimmed == "" || strings.ContainsAny(trimmed, " \t_xX.") {
			t.Fatalf("parseBitmask(%q) accepted a non-decimal", s)
		}
		if trimmed[0] != '-' && fmt.Sprint(n) != strings.TrimLeft(strings.TrimPrefix(trimmed, "+"), "0") && n != 0 {
			t.Fatalf("parseBitmask(%q) = %d", s, n)
		}
	})
}
