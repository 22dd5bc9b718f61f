package ingest

import (
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// BenchmarkTransformDelims is extract_threat alone (DELIMS "," with 71
// FIELDS) on the Palo Alto threat example; BenchmarkPaloAltoThreatApply is
// every search-time step of paloalto.yml on it.
func BenchmarkTransformDelims(b *testing.B) {
	raw := threatExample(b).Get(event.Raw)
	a := defaultAddons(b)
	p := a.plan("pan:threat", "pan:threat", "h")
	var tr *fieldTransform
	for _, r := range p.reports {
		tr = r.report[0]
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		tr.apply(event.Row{event.Raw: raw})
	}
}

func BenchmarkPaloAltoThreatApply(b *testing.B) {
	ex := threatExample(b)
	a := defaultAddons(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		a.Apply(event.Row{event.Raw: ex[event.Raw], event.Source: ex[event.Source], event.Sourcetype: ex[event.Sourcetype], event.Host: ex[event.Host]})
	}
}

// threatExample is the Palo Alto threat data source's example_log, read
// through the built-in add-ons.
func threatExample(tb testing.TB) event.Row {
	example := exampleLog(tb, "palo_alto_network_threat.yml")
	rows, _, err := defaultAddons(tb).ReadExample(example, Meta{Source: "pan:threat", Sourcetype: "pan:threat", Host: "h"})
	if err != nil || len(rows) != 1 {
		tb.Fatal(err, len(rows))
	}
	return rows[0]
}
