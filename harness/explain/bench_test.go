package explain_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/explain"
	"github.com/dactest/dactest/harness/spl"
)

// BenchmarkExplainBaseSearch measures explaining a two-condition base
// search that drops all of 100k events: one traced run plus every event
// judged leaf by leaf. Run: go test ./harness/explain -bench . -benchtime 5x
func BenchmarkExplainBaseSearch(b *testing.B) {
	rows := make([]event.Row, 100_000)
	for i := range rows {
		rows[i] = ev("process_name", fmt.Sprintf("p%d.exe", i%50), "process", "cmd /c x", "_time", fmt.Sprint(1700000000+i))
	}
	q, err := spl.Parse(`process_name=certutil.exe process="*-exportPFX*" | stats count by process_name`)
	if err != nil {
		b.Fatal(err)
	}
	p, err := engine.Compile(q, nil)
	if err != nil {
		b.Fatal(err)
	}
	ds := engine.NewDataset(rows)
	in := explain.Input{Query: q, Program: p, Data: ds}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x, err := explain.Run(context.Background(), in)
		if err != nil || x.Blocked == nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "events/s")
}
