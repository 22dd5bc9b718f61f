package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// A Git LFS pointer left by a clone without git-lfs is an error naming
// it, never three text events.
func TestLFSPointerIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sysmon.log")
	pointer := "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
	if err := os.WriteFile(path, []byte(pointer), 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := Scan(path, Meta{Sourcetype: "xmlwineventlog"}, func(event.Row, *Problem) bool { n++; return true })
	if err == nil || !strings.Contains(err.Error(), "Git LFS pointer, not the dataset of 12345 bytes") || n != 0 {
		t.Errorf("err %v, %d rows", err, n)
	}
}
