package engine

import (
	"context"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// benchEvents builds n process-like events with a few distinct values.
func benchEvents(n int) []event.Row {
	names := []string{"cmd.exe", "powershell.exe", "certutil.exe", "svchost.exe", "explorer.exe"}
	rows := make([]event.Row, n)
	for i := range rows {
		rows[i] = event.Row{
			event.Time:             {strconv.Itoa(1700000000 + i)},
			"host":                 {"host" + strconv.Itoa(i%50)},
			"process_name":         {names[i%len(names)]},
			"process":              {names[i%len(names)] + " -arg " + strconv.Itoa(i)},
			"parent_process_name":  {names[(i+1)%len(names)]},
			"user":                 {"user" + strconv.Itoa(i%200)},
			"EventCode":            {strconv.Itoa(i % 10)},
			"tag":                  {"process", "report"},
			"process_id":           {strconv.Itoa(i)},
			"parent_process_id":    {strconv.Itoa(i / 2)},
			"sourcetype":           {"xmlwineventlog"},
			"Computer":             {"host" + strconv.Itoa(i%50)},
			"signature_id":         {"1"},
			"process_current_path": {`C:\Windows\System32`},
		}
	}
	return rows
}

func compileBench(b *testing.B, text string) *Program {
	q, err := spl.Parse(text)
	if err != nil {
		b.Fatal(err)
	}
	p, err := Compile(q, testEnv(b))
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkBaseSearch measures base-search filtering over pre-parsed
// events; events/s is reported per core (the benchmark is single-threaded).
func BenchmarkBaseSearch(b *testing.B) {
	ds := NewDataset(benchEvents(100_000))
	cpu := cpuTimer(b)
	p := compileBench(b, `sourcetype=xmlwineventlog (process_name=certutil.exe OR process_name=cmd.exe) process="*-arg 1*" NOT user=user7`)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Run(context.Background(), ds); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ds.Len())*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(ds.Len())*float64(b.N)/cpu.Seconds(), "events/cpu-s")
}

// BenchmarkStatsCountBy1M is `stats count by f` over one million events.
func BenchmarkStatsCountBy1M(b *testing.B) {
	ds := NewDataset(benchEvents(1_000_000))
	p := compileBench(b, `* | stats count by user`)
	runBench(b, p, ds)
}

// BenchmarkTstatsProjection1M runs a detection-shaped tstats; the
// data-model projection is cached in the dataset after the first run.
func BenchmarkTstatsProjection1M(b *testing.B) {
	ds := NewDataset(benchEvents(1_000_000))
	p := compileBench(b, `| tstats summariesonly=false fillnull_value=null count min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process_name=certutil.exe by Processes.dest Processes.user Processes.process`)
	cold := processCPU()
	if _, err := p.Run(context.Background(), ds); err != nil { // builds the caches
		b.Fatal(err)
	}
	coldCPU := (processCPU() - cold).Seconds()
	runBench(b, p, ds)
	b.ReportMetric(coldCPU, "cold-cpu-s")
}

// runBench runs p b.N times and reports CPU seconds per run: the build
// machine is shared, so wall time overstates the cost.
func runBench(b *testing.B, p *Program, ds *Dataset) {
	b.ResetTimer()
	start := processCPU()
	for i := 0; i < b.N; i++ {
		if _, err := p.Run(context.Background(), ds); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((processCPU()-start).Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTimer measures the process's CPU time from ResetTimer on: the build
// machine is shared, so wall-clock rates understate per-core throughput.
type cpuClock struct{ start time.Duration }

func cpuTimer(b *testing.B) *cpuClock {
	c := &cpuClock{}
	b.Cleanup(func() {})
	c.start = processCPU()
	return c
}

func (c *cpuClock) Seconds() float64 { return (processCPU() - c.start).Seconds() }

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
