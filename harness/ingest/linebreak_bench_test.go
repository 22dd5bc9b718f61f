package ingest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// BenchmarkTextIndexTime streams generated text (about 64 MB;
// DACTEST_BENCH_MB sets another size, e.g. 1024) through the index-time
// path, keeping no event, and reports throughput, the Go heap at the end
// and the process's peak RSS: bounded memory means both stay far below
// the file size.
//   - audit: linux:audit (one event per line, TIME_PREFIX + %s.%3N)
//   - breaker: a LINE_BREAKER regex with a trailing lookahead and
//     SHOULD_LINEMERGE false (stack-trace continuation lines kept)
//   - merge: SHOULD_LINEMERGE with BREAK_ONLY_BEFORE_DATE
func BenchmarkTextIndexTime(b *testing.B) {
	mb := 64
	if v, err := strconv.Atoi(os.Getenv("DACTEST_BENCH_MB")); err == nil && v > 0 {
		mb = v
	}
	dir := b.TempDir()
	audit := filepath.Join(dir, "audit.log")
	writeBigText(b, audit, mb<<20, func(w *bufio.Writer, n int) (int, error) {
		return fmt.Fprintf(w, "type=SYSCALL msg=audit(1723035%03d.%03d:%d): arch=c000003e syscall=59 success=yes exit=0 ppid=1300 pid=%d auid=1000 uid=0 comm=\"lsmod\" exe=\"/usr/bin/kmod\" key=\"rootcmd\"\n", n%1000, n%1000, n, n%32768)
	})
	app := filepath.Join(dir, "app.log")
	writeBigText(b, app, mb<<20, func(w *bufio.Writer, n int) (int, error) {
		return fmt.Fprintf(w, "2024-01-02 10:%02d:%02d,%03d ERROR request %d failed\n  at a.b.C.method(C.java:%d)\n  at d.e.F.run(F.java:12)\n", n/60%60, n%60, n%1000, n, n%500)
	})
	a, err := LoadAddons(testFS{"t.yml": `
props:
  breaker:
    SHOULD_LINEMERGE: "false"
    LINE_BREAKER: '([\r\n]+)(?=\d{4}-\d{2}-\d{2} )'
    TIME_FORMAT: "%Y-%m-%d %H:%M:%S,%3N"
  merge:
    TIME_PREFIX: "^"
    MAX_TIMESTAMP_LOOKAHEAD: "30"
`}, EngineCompilers())
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name, path string
		meta       Meta
		opt        ReadOptions
	}{
		{"audit", audit, Meta{Sourcetype: "linux:audit"}, ReadOptions{}},
		{"breaker", app, Meta{Sourcetype: "breaker"}, ReadOptions{Addons: a}},
		{"merge", app, Meta{Sourcetype: "merge"}, ReadOptions{Addons: a}},
	} {
		b.Run(c.name, func(b *testing.B) { benchScan(b, c.path, c.meta, c.opt) })
	}
}

func benchScan(b *testing.B, path string, meta Meta, opt ReadOptions) {
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	b.ResetTimer()
	clock := startCPU()
	events := 0
	for i := 0; i < b.N; i++ {
		events = 0
		err := ScanWith(path, meta, opt, func(r event.Row, p *Problem) bool {
			if p != nil {
				b.Fatal(p)
			}
			if r.Get(event.Time).Null() {
				b.Fatal("event without _time")
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

func writeBigText(b *testing.B, path string, size int, line func(*bufio.Writer, int) (int, error)) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for n, i := 0, 0; n < size; i++ {
		k, err := line(w, i)
		if err != nil {
			b.Fatal(err)
		}
		n += k
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}
