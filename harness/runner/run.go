package runner

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/fetch"
	"github.com/dactest/dactest/harness/ingest"
)

// Options control a run.
type Options struct {
	Workers  int // parallel tests; 0 means one per core
	Compiler *Compiler
	// Downloads fetches remote datasets into a cache; nil makes a remote
	// dataset an error naming it.
	Downloads *fetch.Cache
	Addons    *ingest.Addons
	Progress  func(done, total int, r *TestResult) // called after each test, serialised
}

// Run runs the jobs in parallel and returns their verdicts in job order.
// Each dataset is read once and each detection compiled once, whatever
// the number of tests sharing them.
func Run(ctx context.Context, jobs []Job, opts Options) *Report {
	start := time.Now()
	r := &runState{
		opts: opts,
		data: newDatasetCache(opts.Addons, opts.Downloads),
		sets: &combinedCache{},
	}
	if r.opts.Compiler == nil {
		r.opts.Compiler = NewCompiler(nil)
	}
	results := make([]TestResult, len(jobs))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		wg       sync.WaitGroup
		progress sync.Mutex
		done     int
		next     = make(chan int)
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = r.runJob(ctx, jobs[i])
				progress.Lock()
				done++
				if opts.Progress != nil {
					opts.Progress(done, len(jobs), &results[i])
				}
				progress.Unlock()
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	rep := &Report{Results: results, Duration: time.Since(start)}
	for _, res := range results {
		rep.Summary.Add(res.Status)
	}
	return rep
}

type runState struct {
	opts Options
	data *datasetCache
	sets *combinedCache
}

func (r *runState) runJob(ctx context.Context, j Job) TestResult {
	start := time.Now()
	res := TestResult{
		CaseID: j.CaseID, DetectionID: j.Detection.ID, Detection: j.Detection.Name,
		File: j.Detection.File, Test: j.Test, Expected: j.Expect.Results,
		DetectionMeta: metaOf(j.Detection),
	}
	if !j.Expect.Fires && res.Expected == nil && j.Expect.Range == nil {
		zero := 0
		res.Expected = &zero
	}
	for _, d := range j.Data {
		res.Datasets = append(res.Datasets, d.Path)
	}
	r.execute(ctx, j, &res)
	res.Duration = time.Since(start)
	return res
}

func (r *runState) execute(ctx context.Context, j Job, res *TestResult) {
	if j.Broken != nil {
		res.Status, res.Message = Error, j.Broken.Error()
		return
	}
	if j.LoadErr != nil {
		res.Status, res.Message, res.LoadAt = Fail, j.LoadErr.Error(), j.LoadAt
		return
	}
	if j.SkipReason != "" {
		res.Status, res.Message = Skip, j.SkipReason
		return
	}
	c := r.opts.Compiler.Get(j.Content.Tree, j.Detection)
	for _, w := range c.Warnings {
		res.SearchWarnings = append(res.SearchWarnings, w.String())
	}
	if st := c.Status(); st != Pass {
		res.Status, res.Message = st, describe(c.Problems)
		if st == Fail {
			res.Message = "search does not compile: " + res.Message
		}
		return
	}
	if j.DataErr != nil {
		res.Status, res.Message, res.DataAt = Error, j.DataErr.Error(), dataPosition(j.DataErr)
		return
	}
	ds, problems, warnings, err := r.dataset(j.Data)
	res.Problems, res.DataWarnings = problems, warnings
	if err != nil {
		res.Status, res.Message, res.DataAt = Error, err.Error(), dataPosition(err)
		return
	}
	out, err := c.Program.Run(ctx, ds)
	if err != nil {
		res.Status, res.Message = Error, "search failed: "+err.Error()
		return
	}
	record(res, out)
	res.Status, res.Message = judge(j, out)
	integrate(j, out.Table.Rows, res)
	r.attachExplanation(ctx, j, c, ds, res) // why no row came, lost input or not
	res.Status, res.Message = onPartialData(j.Expect, res.Status, res.Message, problems, len(out.Table.Rows))
}

// dataset returns the engine dataset for a test's refs, reading each ref
// once per run.
func (r *runState) dataset(refs []DataRef) (*engine.Dataset, []string, []string, error) {
	var keys []string
	var parts []*loadedData
	var problems, warnings []string
	for _, ref := range refs {
		d := r.data.get(ref)
		if d.err != nil {
			return nil, nil, nil, atPos(d.err, ref.At) // the data entry to fix
		}
		parts = append(parts, d)
		problems = append(problems, d.problems...)
		warnings = append(warnings, d.warnings...)
		keys = append(keys, ref.key())
	}
	ds := r.sets.get(strings.Join(keys, "\x01"), func() []event.Row {
		if len(parts) == 1 {
			return parts[0].rows
		}
		var all []event.Row
		for _, p := range parts {
			all = append(all, p.rows...)
		}
		return all
	})
	return ds, problems, warnings, nil
}

func record(res *TestResult, out *engine.Result) {
	res.ResultCount = len(out.Table.Rows)
	res.Columns = out.Table.Columns
	rows := out.Table.Rows
	if len(rows) > MaxRows {
		rows = rows[:MaxRows]
	}
	res.Rows = rows
	for _, s := range out.Stages {
		res.Stages = append(res.Stages, Stage{Command: s.Command, In: s.In, Out: s.Out})
	}
}
