package runner_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

// benchShared is ../shared, or skips the benchmark when it is absent.
func benchShared(b *testing.B) string {
	dir := sharedDir()
	if _, err := os.Stat(filepath.Join(dir, "cases")); err != nil {
		b.Skip("../shared/cases not present")
	}
	return dir
}

// BenchmarkRealCases plans and runs the 27 real cases (both manifests),
// each iteration from scratch: manifests and content trees loaded, every
// detection compiled, every dataset read. Reports events replayed per op.
func BenchmarkRealCases(b *testing.B) {
	shared := benchShared(b)
	var events int
	cpu0 := benchCPU()
	for b.Loop() {
		b.StopTimer()
		opts, err := runner.DefaultOptions()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		loader := runner.NewContentLoader()
		var jobs []runner.Job
		for _, name := range []string{"real-detections.yml", "real-detections-wide.yml"} {
			m, err := content.LoadManifest(filepath.Join(shared, "cases", name))
			if err != nil {
				b.Fatal(err)
			}
			jobs = append(jobs, runner.PlanManifest(m, loader)...)
		}
		rep := runner.Run(context.Background(), jobs, opts)
		if rep.Summary.Pass != 27 {
			b.Fatalf("%d of %d cases pass", rep.Summary.Pass, rep.Summary.Total)
		}
		events = replayed(rep)
	}
	b.ReportMetric(float64(events), "events/op")
	reportCPU(b, cpu0)
}

// reportCPU adds CPU ms per op (stopped-timer setup included): the stable
// figure on a shared machine, where wall time depends on the neighbours.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(benchCPU()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
}

// benchCPU is the process's user+system time.
func benchCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func replayed(rep *runner.Report) int {
	n := 0
	for _, r := range rep.Results {
		if len(r.Stages) > 0 {
			n += r.Stages[0].In
		}
	}
	return n
}

// BenchmarkDatasetCache runs N tests of one detection over one EVTX file:
// "shared" names the same file N times (read once per run), "distinct"
// names it through N symlinks (read N times). The gap is what the cache
// saves; shared should grow with N only by the engine's replay cost.
func BenchmarkDatasetCache(b *testing.B) {
	shared := benchShared(b)
	c, err := runner.NewContentLoader().Dir(filepath.Join(shared, "corpus", "security_content"))
	if err != nil {
		b.Fatal(err)
	}
	det := findDet(b, c, "detections/endpoint/dump_lsass_via_procdump.yml")
	evtx := filepath.Join(shared, "corpus", "attack_data", "datasets", "attack_techniques", "T1003.001",
		"atomic_red_team", "procdump_t1003.001_capattack", "Microsoft-Windows-Sysmon%4Operational.evtx")
	links := b.TempDir()
	for _, n := range []int{1, 8, 32} {
		for _, mode := range []string{"shared", "distinct"} {
			jobs := make([]runner.Job, n)
			for i := range jobs {
				path := evtx
				if mode == "distinct" {
					path = filepath.Join(links, fmt.Sprintf("%d.evtx", i))
					if _, err := os.Lstat(path); err != nil {
						if err := os.Symlink(evtx, path); err != nil {
							b.Fatal(err)
						}
					}
				}
				jobs[i] = runner.Job{Content: c, Detection: det, Test: fmt.Sprint(i), Expect: runner.Expectation{Fires: true},
					Data: []runner.DataRef{{Path: path, Source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", Sourcetype: "xmlwineventlog"}}}
			}
			b.Run(fmt.Sprintf("%s/N=%d", mode, n), func(b *testing.B) {
				opts, err := runner.DefaultOptions()
				if err != nil {
					b.Fatal(err)
				}
				cpu0 := benchCPU()
				for b.Loop() {
					rep := runner.Run(context.Background(), jobs, opts) // compiled once: opts' compiler is reused
					if rep.Summary.Pass != n {
						b.Fatalf("%d of %d pass: %s", rep.Summary.Pass, n, rep.Results[0].Message)
					}
				}
				reportCPU(b, cpu0)
			})
		}
	}
}

func findDet(b *testing.B, c *runner.Content, path string) *content.Detection {
	for _, d := range c.Tree.Detections {
		if d.Path == path {
			return d
		}
	}
	b.Fatalf("%s not in the tree", path)
	return nil
}
