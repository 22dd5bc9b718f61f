package ingest

import (
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// Splunk's [default] KV_MODE = auto (system/default/props.conf) reaches
// sourcetypes no add-on gives a KV_MODE - the Ivanti vTM audit example -
// but not JSON events (the reader did their fields) nor classic
// WinEventLog text ([source::WinEventLog...] KV_MODE = none).
func TestDefaultKVModeAuto(t *testing.T) {
	a, err := DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	row := event.Row{event.Raw: event.Single("[19/Aug/2024:19:41:22 +0000]    USER=!!ABSENT!! GROUP=!!ABSENT!!\tOPERATION=adduser\tMODUSER=newadmin"),
		event.Sourcetype: event.Single("ivanti_vtm_audit"), event.Source: event.Single("ivanti_vtm")}
	a.Apply(row)
	for k, want := range map[string]string{"USER": "!!ABSENT!!", "GROUP": "!!ABSENT!!", "OPERATION": "adduser", "MODUSER": "newadmin"} {
		if got := row.Get(k).First(); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	for _, c := range []struct{ raw, source, sourcetype string }{
		{`{"url":"/a?x=1"}`, "s", "some:json"},
		{`[{"url":"/a?x=1"}]`, "s", "some:json"},
		{"x=1 in a WinEventLog message", "WinEventLog:Security", "WinEventLog"},
		{"x=1 with KV_MODE none", "s", "_json"},
	} {
		row := event.Row{event.Raw: event.Single(c.raw), event.Source: event.Single(c.source), event.Sourcetype: event.Single(c.sourcetype)}
		a.Apply(row)
		if !row.Get("x").Null() {
			t.Errorf("%s %s: x = %q, want no automatic key=value", c.sourcetype, c.raw, row.Get("x").First())
		}
	}
}

// A capture whose first line is not JSON is read as text; its JSON events
// still get their fields, as Splunk's search-time JSON extraction gives
// them to any JSON event (they had none, so a CloudTrail file with a
// comment line matched nothing). Invalid JSON and other text get none.
func TestJSONEventsReadAsTextKeepTheirFields(t *testing.T) {
	data := "#exported 2024-01-01\n" +
		`{"eventTime":"2024-01-01T00:00:00Z","eventName":"ConsoleLogin","userIdentity":{"type":"Root"},"source":"x"}` + "\n" +
		`{"eventTime":"2024-01-01T00:00:02Z","eventName": broken}` + "\n"
	rows, _, err := ReadFile(writeTemp(t, "trail.json", []byte(data)), Meta{Source: "aws_cloudtrail", Sourcetype: "aws:cloudtrail", Host: "h"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d events", len(rows))
	}
	got := rows[1]
	if got.Get("eventName").First() != "ConsoleLogin" || got.Get("userIdentity.type").First() != "Root" ||
		got.Get("extracted_source").First() != "x" || got.Get(event.Source).First() != "aws_cloudtrail" {
		t.Errorf("JSON event fields %v", got)
	}
	if !rows[2].Get("eventName").Null() || !rows[0].Get("eventName").Null() {
		t.Errorf("text and broken JSON got fields: %v / %v", rows[0], rows[2])
	}
}
