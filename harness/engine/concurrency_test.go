package engine

import (
	"context"
	"sync"
	"testing"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// Programs share one Dataset from many goroutines: its column and
// data-model caches must be built once and read safely (run with -race).
func TestConcurrentRuns(t *testing.T) {
	env := testEnv(t)
	ds := NewDataset(parseEvents(t, sysmon))
	queries := []string{
		`| tstats count from datamodel=Endpoint.Processes by Processes.dest`,
		`process_name=certutil.exe | stats count by dest`,
		`| from datamodel Endpoint.Processes | stats count by dest`,
	}
	var progs []*Program
	for _, q := range queries {
		parsed, err := spl.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Compile(parsed, env)
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, p)
	}
	var wg sync.WaitGroup
	for i := 0; i < 24; i++ {
		wg.Add(1)
		go func(p *Program) {
			defer wg.Done()
			res, err := p.Run(context.Background(), ds)
			if err != nil || len(res.Table.Rows) == 0 {
				t.Errorf("run: %v %v", res, err)
			}
		}(progs[i%len(progs)])
	}
	wg.Wait()
}

type recordTracer struct{ names []string }

func (r *recordTracer) Stage(cmd string, _ spl.Pos, in, out []event.Row) {
	r.names = append(r.names, cmd)
}

func TestTracer(t *testing.T) {
	q, _ := spl.Parse(`* | where n>1 | stats count`)
	p, err := Compile(q, testEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	tr := &recordTracer{}
	if _, err := p.RunTrace(context.Background(), NewDataset(parseEvents(t, procs)), tr); err != nil {
		t.Fatal(err)
	}
	if got := len(tr.names); got != 3 || tr.names[2] != "stats" {
		t.Fatalf("traced %v", tr.names)
	}
}

func TestCancelledRun(t *testing.T) {
	q, _ := spl.Parse(`* | stats count`)
	p, _ := Compile(q, testEnv(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Run(ctx, NewDataset(nil)); err == nil {
		t.Fatal("cancelled run succeeded")
	}
}
