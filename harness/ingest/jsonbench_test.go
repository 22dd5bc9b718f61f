package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// jsonLinesBenchData is about 16 MB of real NXLog JSON lines: attack_data's
// T1027 capture, repeated.
func jsonLinesBenchData(b *testing.B) []byte {
	var buf bytes.Buffer
	err := Scan(corpus(b, attackDataTarGz[0]), Meta{}, func(r event.Row, p *Problem) bool {
		if r != nil {
			buf.WriteString(r.Get(event.Raw).First())
			buf.WriteByte('\n')
		}
		return buf.Len() < 4<<20
	})
	if err != nil {
		b.Fatal(err)
	}
	return bytes.Repeat(buf.Bytes(), 4)
}

// BenchmarkJSONLines: JSON lines bytes to events with every spath field
// and _time (the goal: at least 150 MB/s on one core).
func BenchmarkJSONLines(b *testing.B) {
	data := jsonLinesBenchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	clock := startCPU()
	for i := 0; i < b.N; i++ {
		n := 0
		err := scanJSON(bufio.NewReaderSize(bytes.NewReader(data), readBufSize), "bench", Meta{Sourcetype: "_json"}, ReadOptions{},
			func(r event.Row, p *Problem) bool {
				if p != nil {
					b.Fatal(p)
				}
				n++
				return true
			})
		if err != nil || n == 0 {
			b.Fatal(err, n)
		}
	}
	clock.report(b, int64(len(data)))
}

// BenchmarkJSONLinesStreamMemory streams a generated JSON-lines file of
// about 256 MB (DACTEST_BENCH_MB sets another size, e.g. 1024) through
// Scan, keeping no event, and reports the Go heap in use at the end and
// the peak RSS of the process: bounded memory means both stay far below
// the file size.
func BenchmarkJSONLinesStreamMemory(b *testing.B) {
	mb := 256
	if v, err := strconv.Atoi(os.Getenv("DACTEST_BENCH_MB")); err == nil && v > 0 {
		mb = v
	}
	path := filepath.Join(b.TempDir(), "big.json")
	writeBigJSONLines(b, path, mb<<20)
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	b.ResetTimer()
	clock := startCPU()
	var events int
	for i := 0; i < b.N; i++ {
		events = 0
		err := Scan(path, Meta{}, func(r event.Row, p *Problem) bool {
			if p != nil {
				b.Fatal(p)
			}
			events++
			return true
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportStream(b, clock, st.Size(), events)
}

func writeBigJSONLines(b *testing.B, path string, size int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for n := 0; n < size; {
		k, _ := fmt.Fprintf(w, `{"@timestamp":"2020-08-01T05:%02d:%02d.000Z","EventID":%d,"Hostname":"h%d.example","Message":"event %d with some text","tags":["a","b"],"nested":{"k":%d,"arr":[{"x":1},{"x":2}]}}`+"\n",
			n/60%60, n%60, n%9000, n%7, n, n%13)
		n += k
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

// BenchmarkAttackDataTarGz: attack_data's three NXLog .tar.gz captures
// (about 70 MB of JSON lines) decompressed and read in place; bytes are
// the uncompressed size.
func BenchmarkAttackDataTarGz(b *testing.B) {
	var size int64
	for _, rel := range attackDataTarGz {
		Scan(corpus(b, rel), Meta{}, func(r event.Row, p *Problem) bool {
			if r != nil {
				size += int64(len(r.Get(event.Raw).First()) + 1)
			}
			return true
		})
	}
	b.SetBytes(size)
	b.ResetTimer()
	clock := startCPU()
	for i := 0; i < b.N; i++ {
		for _, rel := range attackDataTarGz {
			if err := Scan(corpus(b, rel), Meta{}, func(event.Row, *Problem) bool { return true }); err != nil {
				b.Fatal(err)
			}
		}
	}
	clock.report(b, size)
}

// reportStream reports a streaming benchmark's CPU throughput, memory
// (live heap and peak RSS) and event count.
func reportStream(b *testing.B, clock cpuClock, size int64, events int) {
	clock.report(b, size)
	heap, rss := memoryNow()
	b.ReportMetric(float64(heap)/(1<<20), "heapMB")
	b.ReportMetric(float64(rss)/(1<<20), "peakRSSMB")
	b.ReportMetric(float64(events), "events")
}
