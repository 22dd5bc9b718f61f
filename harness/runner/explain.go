package runner

import (
	"context"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/explain"
	"github.com/dactest/dactest/harness/spl"
)

// attachExplanation explains a failing test whose search returned no row
// (or fewer than expected): the rows per stage and, for the stage that
// dropped everything, the nearest events with the conditions they failed.
// It re-runs the program with a tracer, so passing tests pay nothing.
func (r *runState) attachExplanation(ctx context.Context, j Job, c *Compiled, ds *engine.Dataset, res *TestResult) {
	if res.ResultCount > 0 || res.Status == Error || res.Status == Unsupported {
		return
	}
	if !j.Explain && (res.Status != Fail || !j.Expect.Fires) {
		return
	}
	x, err := Explain(ctx, c, r.opts.Compiler.Env(j.Content.Tree), ds)
	if err != nil {
		res.Problems = append(res.Problems, "explain: "+err.Error())
		return
	}
	res.Explanation = x
	if s := x.Summary(); s != "" && res.Status == Fail {
		res.Message += "; " + s
	}
}

// Explain traces a compiled detection over a dataset.
func Explain(ctx context.Context, c *Compiled, env *engine.Env, ds *engine.Dataset) (*explain.Explanation, error) {
	q, err := spl.Parse(c.Expanded)
	if err != nil {
		return nil, err
	}
	return explain.Run(ctx, explain.Input{Query: q, Program: c.Program, Env: env, Data: ds})
}
