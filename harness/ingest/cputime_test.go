package ingest

import (
	"syscall"
	"testing"
	"time"
)

// cpuClock measures the process's CPU time (user+system, every thread,
// GC included), so a throughput figure holds on a machine shared with
// other work, where wall time does not.
type cpuClock struct{ start time.Duration }

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU() cpuClock { return cpuClock{cpuNow()} }

// report adds MB per CPU-second for n runs over size bytes.
func (c cpuClock) report(b *testing.B, size int64) {
	used := cpuNow() - c.start
	if used > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/used.Seconds()/1e6, "MB/cpu-s")
	}
}
