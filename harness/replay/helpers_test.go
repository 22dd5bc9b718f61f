package replay

import (
	"path/filepath"
	"testing"

	"github.com/dactest/dactest/harness/internal/testenv"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
)

// sharedDir is ../shared beside the repository root.
func sharedDir(parts ...string) string { return testenv.MustShared(parts...) }

const sysmonSource = "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"

// projectRows reads one of the project's own datasets.
func projectRows(t *testing.T, rel string) []event.Row {
	t.Helper()
	rows, probs, err := ingest.ReadFile(filepath.Join(mustRoot(), rel), ingest.Meta{Source: sysmonSource, Sourcetype: "XmlWinEventLog"})
	if err != nil || len(probs) > 0 || len(rows) == 0 {
		t.Fatalf("reading %s: %v %v (%d rows)", rel, err, probs, len(rows))
	}
	return rows
}

func mustRoot() string {
	root, err := testenv.RepoRoot()
	if err != nil {
		panic(err)
	}
	return root
}
