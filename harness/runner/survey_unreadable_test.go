package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	refs, bad := SurveyDatasets(paths)
	if len(refs) != 1 || filepath.Base(refs[0].Path) != "good.xml" || refs[0].Source != "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" {
		t.Errorf("refs %+v", refs)
	}
	why := map[string]string{}
	for _, u := range bad {
		why[filepath.Base(u.Path)] = u.Why
	}
	if len(bad) != 2 || !strings.Contains(why["zeroed.evtx"], "unknown dataset format") || !strings.Contains(why["broken.xml"], "record 1") {
		t.Errorf("unreadable %+v", bad)
	}
}
