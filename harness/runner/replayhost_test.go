package runner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
)

// Every replayed event has the host contentctl gives it: the test's own
// `host:` when set, else CONTENTCTL_HOST (contentctl's hec_raw_replay sends
// host=attack_data_file.host or replay_host). The XML's <Computer> does not
// become host: HEC's host parameter wins.
func TestReplayedEventsGetContentctlHost(t *testing.T) {
	dir := t.TempDir()
	xml := filepath.Join(dir, "sysmon.log")
	body := `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>1</EventID><TimeCreated SystemTime='2024-01-01T00:00:00.000Z'/><Computer>pc-7</Computer></System></Event>`
	if err := os.WriteFile(xml, []byte(body+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addons, err := ingest.DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	cache := newDatasetCache(addons, nil)
	src := "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"
	for _, c := range []struct{ host, want string }{{"", "CONTENTCTL_HOST"}, {"dc01", "dc01"}} {
		data := cache.get(DataRef{Path: xml, Source: src, Sourcetype: "XmlWinEventLog", Host: c.host})
		if data.err != nil || len(data.rows) != 1 {
			t.Fatalf("host %q: %v, %d rows", c.host, data.err, len(data.rows))
		}
		if got := data.rows[0].Get(event.Host).String(); got != c.want {
			t.Errorf("host %q: event host %q, want %q", c.host, got, c.want)
		}
	}
}
