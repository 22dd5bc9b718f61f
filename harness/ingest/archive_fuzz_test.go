package ingest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// FuzzArchives feeds damaged zip, gzip and tar bytes to the reader: it
// must never panic, and every problem must name the archive.
func FuzzArchives(f *testing.F) {
	z, _ := streamedZip(map[string][]byte{"a.json": jsonLines("a", 3), "b.log": []byte("Jan  2 03:04:05 h x\n")}, []string{"a.json", "b.log"})
	f.Add(z)
	var tgz bytes.Buffer
	gz := gzip.NewWriter(&tgz)
	tw := tar.NewWriter(gz)
	body := jsonLines("t", 3)
	tw.WriteHeader(&tar.Header{Name: "t.json", Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
	tw.Write(body)
	tw.Close()
	gz.Close()
	f.Add(tgz.Bytes())
	f.Add([]byte("PK\x03\x04\x14\x00\x08\x00\x08\x00"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "fuzz.bin")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_ = ScanWith(p, Meta{}, ReadOptions{}, func(r event.Row, pr *Problem) bool {
			if pr != nil && (!strings.HasPrefix(pr.Path, p) || pr.Msg == "") {
				t.Fatalf("problem not naming the archive: %+v", pr)
			}
			return true
		})
	})
}
