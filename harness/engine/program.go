// Package engine compiles a parsed SPL query once into a Program — search
// matchers plus an operator pipeline — and runs it over replayed events,
// returning the rows Splunk would return.
package engine

import (
	"context"
	"math"
	"time"

	"github.com/dactest/dactest/harness/datamodel"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/internal/memo"
	"github.com/dactest/dactest/harness/spl"
)

// Env is what a compiled program may depend on besides its events.
type Env struct {
	Datamodels *datamodel.Set // CIM models for tstats
	Now        time.Time      // now() and time() when set (tests); zero: each run's replay now
	// Lookups are the lookup tables by the name the lookup command uses.
	Lookups map[string]*Lookup
	// NoTable says why a known lookup has no table here (a KV-store
	// collection, an ML model); a search using it is unsupported, not wrong.
	NoTable map[string]string
	// BrokenTable says why a lookup the content defines with a CSV file
	// has no table: the file is missing or not a readable CSV. The
	// content is wrong (contentctl would not build it), so a search using
	// it is invalid, not unsupported.
	BrokenTable map[string]string
	// Macros expands `macro` calls in searches the engine builds at run
	// time (map's search="..."): Splunk does not expand macros inside
	// quoted values when it parses the detection, but does when map runs
	// the string as a search. Nil: such a map search is unsupported.
	Macros spl.Macros
}

// missingLookup reports a lookup without a table. It is unsupported, not
// invalid, unless the content's own CSV is broken: the table exists in a
// real deployment (a KV-store collection, or a lookup that Enterprise
// Security or another app ships).
func (c *compiler) missingLookup(at spl.Pos, name string) {
	if why, broken := c.env.BrokenTable[name]; broken {
		c.errs.invalid(at, "lookup "+name, why)
		return
	}
	why, ok := c.env.NoTable[name]
	if !ok {
		why = "not defined in the content tree (an app such as Enterprise Security or URL Toolbox ships it); no table to read"
	}
	c.errs.unsupported(at, "lookup "+name, why)
}

func (e *Env) now() time.Time {
	if e == nil || e.Now.IsZero() {
		return time.Now()
	}
	return e.Now
}

// Generates says the query's first command makes its own rows
// (makeresults, or inputlookup reading a table), so it can run without a
// dataset.
func (p *Program) Generates() bool {
	return len(p.stages) > 0 && (p.stages[0].name == "makeresults" || p.stages[0].name == "inputlookup")
}

// Program is a compiled query, safe for concurrent Run calls.
type Program struct {
	stages []stage
	// Warnings are things Splunk accepts silently but a detection author
	// should know, e.g. a tstats field the data model does not define
	// (Splunk returns null for it).
	Warnings []*CompileError
	// clock is set when the query reads the search's time (now(), time())
	// and Env.Now is zero: each run then uses a copy of the program
	// compiled with Env.Now = that run's replay now (timebound.go).
	clock *replayClock
}

// replayClock recompiles a clock-reading query for a run's replay now.
// Programs are kept per replay now, so a dataset pays for one compile;
// concurrent runs on different datasets each get their own.
type replayClock struct {
	q     *spl.Query
	env   *Env
	progs memo.Map[float64, clocked]
}

type clocked struct {
	p   *Program
	err error
}

// at returns the program with now() and time() fixed to now. A fallback
// now (no timed events: the wall clock) is compiled for this run only.
func (c *replayClock) at(now float64, fromData bool) (*Program, error) {
	build := func() clocked {
		env := *c.env
		env.Now = unixTime(now)
		p, err := Compile(c.q, &env)
		return clocked{p, err}
	}
	r := clocked{}
	if fromData {
		r = c.progs.Get(now, build)
	} else {
		r = build()
	}
	return r.p, r.err
}

// unixTime is epoch seconds as a time, keeping the fraction.
func unixTime(secs float64) time.Time {
	whole := math.Floor(secs)
	return time.Unix(int64(whole), int64(math.Round((secs-whole)*1e9))).UTC()
}

// StageCount says how many rows entered and left one command, so a failing
// test can say where its events were dropped.
type StageCount struct {
	Command string
	Pos     spl.Pos
	In, Out int
}

// Result is a program's output table and its per-command row counts. Rows
// may be the dataset's own events (e.g. after a plain `search`): treat
// them as read-only.
type Result struct {
	Table  event.Table
	Stages []StageCount
	// Events says no command fixed the columns (no table, fields, stats...):
	// the rows are events, whose columns are every field they have.
	Events bool
}

// Tracer observes each stage of a run, for explain-style tooling. It is
// only consulted when set, so the normal path pays nothing.
type Tracer interface {
	Stage(command string, pos spl.Pos, in, out []event.Row)
}

// frame is what flows between stages: rows and, when a command fixed
// them, the columns in Splunk's display order (nil: derive from rows).
type frame struct {
	rows []event.Row
	cols []string
}

// stage is one compiled command.
type stage struct {
	name  string
	pos   spl.Pos
	apply func(*runCtx, frame) (frame, error)
}

type runCtx struct {
	ctx context.Context
	ds  *Dataset
	now float64 // the run's replay now: time modifiers resolve against it
}

// Run executes the program over a dataset.
func (p *Program) Run(ctx context.Context, ds *Dataset) (*Result, error) {
	return p.RunTrace(ctx, ds, nil)
}

// RunTrace is Run with a tracer called after every stage.
func (p *Program) RunTrace(ctx context.Context, ds *Dataset, t Tracer) (*Result, error) {
	if ds == nil {
		ds = NewDataset(nil)
	}
	now, fromData := replayNow(ds)
	if p.clock != nil {
		bound, err := p.clock.at(now, fromData)
		if err != nil {
			return nil, err
		}
		p = bound
	}
	rc := &runCtx{ctx: ctx, ds: ds, now: now}
	res := &Result{Stages: make([]StageCount, 0, len(p.stages))}
	var f frame
	for _, s := range p.stages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		in := f.rows
		if len(res.Stages) == 0 {
			in = ds.rows
		}
		out, err := s.apply(rc, f)
		if err != nil {
			return nil, err
		}
		res.Stages = append(res.Stages, StageCount{Command: s.name, Pos: s.pos, In: len(in), Out: len(out.rows)})
		if t != nil {
			t.Stage(s.name, s.pos, in, out.rows)
		}
		f = out
	}
	res.Table = event.Table{Columns: f.cols, Rows: f.rows}
	if res.Table.Columns == nil {
		res.Table.Columns, res.Events = unionColumns(f.rows), true
	}
	return res, nil
}

// unionColumns lists every field of the rows: _time first, then sorted.
func unionColumns(rows []event.Row) []string {
	seen := map[string]bool{}
	for _, r := range rows {
		for k := range r {
			seen[k] = true
		}
	}
	cols := make([]string, 0, len(seen))
	if seen[event.Time] {
		cols = append(cols, event.Time)
		delete(seen, event.Time)
	}
	rest := make([]string, 0, len(seen))
	for k := range seen {
		rest = append(rest, k)
	}
	sortStrings(rest)
	return append(cols, rest...)
}
