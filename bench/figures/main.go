// Command figures prints the throughput of a dactest run from its JSON
// report and its wall time: tests, events read, events replayed through
// detections, and rates. bench/run.sh runs it after each benchmark run.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	wall := flag.Float64("wall", 0, "wall time of the dactest process in seconds (load, compile, replay, reports)")
	flag.Parse()
	var f figures
	for _, p := range flag.Args() {
		if err := f.add(p); err != nil {
			fmt.Fprintln(os.Stderr, "figures:", err)
			os.Exit(2)
		}
	}
	f.print(os.Stdout, *wall)
}

type figures struct {
	tests, pass, fail, errors, unsupported, skip int
	runMS                                        float64
	replayed                                     int64            // events through a detection, summed over tests
	read                                         map[string]int64 // events per distinct dataset
}

type reportDoc struct {
	DurationMS float64 `json:"duration_ms"`
	Tests      []struct {
		Status   string   `json:"status"`
		Datasets []string `json:"datasets"`
		Stages   []struct {
			In int64 `json:"in"`
		} `json:"stages"`
	} `json:"tests"`
}

func (f *figures) add(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc reportDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if f.read == nil {
		f.read = map[string]int64{}
	}
	f.runMS += doc.DurationMS
	for _, t := range doc.Tests {
		f.count(t.Status)
		if len(t.Stages) == 0 {
			continue
		}
		// The first stage's input is every event of the test's datasets.
		f.replayed += t.Stages[0].In
		if len(t.Datasets) == 1 {
			f.read[t.Datasets[0]] = t.Stages[0].In
		}
	}
	return nil
}

func (f *figures) count(status string) {
	f.tests++
	switch status {
	case "pass":
		f.pass++
	case "fail":
		f.fail++
	case "error":
		f.errors++
	case "unsupported":
		f.unsupported++
	case "skip":
		f.skip++
	}
}

func (f *figures) print(w io.Writer, wall float64) {
	var read int64
	for _, n := range f.read {
		read += n
	}
	fmt.Fprintf(w, "  tests %d: pass %d, fail %d, error %d, unsupported %d, skip %d\n",
		f.tests, f.pass, f.fail, f.errors, f.unsupported, f.skip)
	fmt.Fprintf(w, "  datasets %d, events read %d, events replayed through detections %d\n", len(f.read), read, f.replayed)
	run := f.runMS / 1000
	if run > 0 {
		fmt.Fprintf(w, "  run phase %.2fs (read datasets, replay): %.0f events read/s, %.0f events replayed/s, %.1f tests/s\n",
			run, float64(read)/run, float64(f.replayed)/run, float64(f.tests)/run)
	}
	if wall > 0 {
		fmt.Fprintf(w, "  total %.2fs (load content, compile, run, reports): %.0f events replayed/s\n", wall, float64(f.replayed)/wall)
	}
}
