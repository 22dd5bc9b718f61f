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
