package ingest

import (
	"os"
	"runtime"
	"strconv"
	"strings"
)

// memoryNow returns the live Go heap and the process's peak RSS (VmHWM
// from /proc, 0 where there is none).
func memoryNow() (heap, peakRSS uint64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			peakRSS = kb << 10
		}
	}
	return m.HeapAlloc, peakRSS
}
