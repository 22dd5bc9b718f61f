package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
)

// A survey names every file that looks like a Windows event log but gives
// no event, and says why; files of other formats it leaves out unnamed.
func TestSurveyNamesUnreadableWindowsLogs(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join("..", "..", "datasets", "sysmon", "lsass_access.xml"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"good.xml":    good,
		"zeroed.evtx": make([]byte, 8192),
		"broken.xml":  []byte(strings.ReplaceAll(string(good), "</Event>", "")),
		"other.json":  []byte(`{"eventName": "ConsoleLogin"}` + "\n"),
	}
	var paths []string
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	logs, bad := WindowsLogs(paths)
	if len(logs) != 1 || filepath.Base(logs[0].Path) != "good.xml" || len(logs[0].Sources) != 1 || logs[0].Sources[0] != "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" {
		t.Errorf("logs %+v", logs)
	}
	why := map[string]string{}
	for _, u := range bad {
		why[filepath.Base(u.Path)] = u.Why
	}
	if len(bad) != 2 || !strings.Contains(why["zeroed.evtx"], "unknown dataset format") || !strings.Contains(why["broken.xml"], "record 1") {
		t.Errorf("unreadable %+v", bad)
	}
}

// A capture mixing channels lists each channel's source, and read under
// ChannelSource every event carries its own, as the Windows input labels
// them.
func TestMixedChannelLog(t *testing.T) {
	var data []byte
	for _, f := range []string{filepath.Join("sysmon", "lsass_access.xml"), filepath.Join("security", "whoami_discovery.xml")} {
		b, err := os.ReadFile(filepath.Join("..", "..", "datasets", f))
		if err != nil {
			t.Fatal(err)
		}
		data = append(append(data, b...), '\n')
	}
	path := filepath.Join(t.TempDir(), "mixed.xml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	logs, _ := WindowsLogs([]string{path})
	want := []string{"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "XmlWinEventLog:Security"}
	if len(logs) != 1 || strings.Join(logs[0].Sources, " ") != strings.Join(want, " ") {
		t.Fatalf("logs %+v", logs)
	}
	addons, err := ingest.DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	d := newDatasetCache(addons, nil).get(DataRef{Path: path, Source: ChannelSource, Sourcetype: "XmlWinEventLog"})
	seen := map[string]bool{}
	for _, r := range d.rows {
		seen[r.Get(event.Source).First()] = true
	}
	if d.err != nil || len(seen) != 2 || !seen[want[0]] || !seen[want[1]] {
		t.Errorf("sources %v (%v)", seen, d.err)
	}
}
