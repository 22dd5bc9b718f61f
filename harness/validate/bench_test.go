package validate

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/content"
)

// BenchmarkLoadAndValidate loads and validates the whole 2024 tree (1,711
// detections and everything they reference). Goal: well under 2 s.
func BenchmarkLoadAndValidate(b *testing.B) {
	dir := filepath.Join(sharedDir(b), "corpus", "security_content")
	if _, err := os.Stat(dir); err != nil {
		b.Skip("corpus not available")
	}
	fsys := os.DirFS(dir)
	for b.Loop() {
		tree, err := content.Load(fsys, dir)
		if err != nil {
			b.Fatal(err)
		}
		Run(tree, Options{Now: time.Now()})
	}
}
