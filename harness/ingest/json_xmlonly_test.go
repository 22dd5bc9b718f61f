package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// JSON records labelled xmlwineventlog get no fields from their keys, as
// in Splunk (the sourcetype's add-on extracts XML only), and one problem
// says so; labelled _json they keep them.
func TestJSONUnderXMLOnlySourcetype(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nxlog.json")
	data := `{"EventID":1,"Image":"C:\\Windows\\System32\\cmd.exe","EventTime":"2024-01-02 03:04:05"}` + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, problems, err := ReadFile(path, Meta{Source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", Sourcetype: "xmlwineventlog"})
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Msg, "extracts fields from XML only") {
		t.Errorf("problems %v", problems)
	}
	if got := rows[0].Get("Image").String(); got != "" {
		t.Errorf("Image = %q under xmlwineventlog, want none", got)
	}
	if rows[0].Get("_raw").First() == "" {
		t.Error("_raw lost")
	}
	rows, problems, _ = ReadFile(path, Meta{Sourcetype: "_json"})
	if len(problems) != 0 || rows[0].Get("Image").String() == "" {
		t.Errorf("_json: problems %v, Image %q", problems, rows[0].Get("Image").String())
	}
}
