package replay

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
)

// repoRoot is the folder holding go.mod.
func repoRoot() string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		dir = filepath.Dir(dir)
	}
}

// sharedDir is ../shared beside the repository root.
func sharedDir(parts ...string) string {
	return filepath.Join(append([]string{repoRoot(), "..", "shared"}, parts...)...)
}

const sysmonSource = "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"

// projectRows reads one of the project's own datasets.
func projectRows(t *testing.T, rel string) []event.Row {
	t.Helper()
	rows, probs, err := ingest.ReadFile(filepath.Join(repoRoot(), rel), ingest.Meta{Source: sysmonSource, Sourcetype: "XmlWinEventLog"})
	if err != nil || len(probs) > 0 || len(rows) == 0 {
		t.Fatalf("reading %s: %v %v (%d rows)", rel, err, probs, len(rows))
	}
	return rows
}
