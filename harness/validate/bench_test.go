//go:build unix

package validate

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/content"
)

// BenchmarkLoadAndValidate loads and validates the whole 2024 tree (1,711
// detections and everything they reference), field-flow analysis of every
// search included. Goal: well under 2 s.
func BenchmarkLoadAndValidate(b *testing.B) {
	dir := filepath.Join(sharedDir(b), "corpus", "security_content")
	if _, err := os.Stat(dir); err != nil {
		b.Skip("corpus not available")
	}
	fsys := os.DirFS(dir)
	cpu0 := cpuTime()
	for b.Loop() {
		tree, err := content.Load(fsys, dir)
		if err != nil {
			b.Fatal(err)
		}
		Run(tree, Options{Now: time.Now()})
	}
	// CPU time is the stable figure on a shared machine, where wall time
	// depends on what else runs.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
}

// cpuTime is the process's user+system time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRunChecks is the checks alone on a loaded tree: mostly the
// field-flow analysis (macro expansion, parse, stage outputs per search).
func BenchmarkRunChecks(b *testing.B) {
	dir := filepath.Join(sharedDir(b), "corpus", "security_content")
	if _, err := os.Stat(dir); err != nil {
		b.Skip("corpus not available")
	}
	tree, err := content.Load(os.DirFS(dir), dir)
	if err != nil {
		b.Fatal(err)
	}
	cpu0 := cpuTime()
	for b.Loop() {
		Run(tree, Options{Now: time.Now()})
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
}
