package runner

import (
	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/internal/memo"
)

// Compiler compiles each detection once per run and shares the program
// with every test of that detection; safe for concurrent use.
type Compiler struct {
	env      *engine.Env
	compiled memo.Map[*content.Detection, *Compiled]
	// envs: per content tree, the shared environment plus that tree's
	// lookup tables, read once.
	envs memo.Map[*content.Tree, *engine.Env]
}

// NewCompiler returns a compiler for programs run in env (nil: defaults).
func NewCompiler(env *engine.Env) *Compiler {
	if env == nil {
		env = &engine.Env{}
	}
	return &Compiler{env: env}
}

// Get returns the detection's compiled search, compiling it on first use.
func (c *Compiler) Get(tree *content.Tree, d *content.Detection) *Compiled {
	return c.compiled.Get(d, func() *Compiled { return Compile(tree, d, c.Env(tree)) })
}

// Env is the engine environment for searches over a tree: the data models
// plus the tree's lookup tables (read once).
func (c *Compiler) Env(tree *content.Tree) *engine.Env {
	return c.envs.Get(tree, func() *engine.Env {
		env := *c.env
		env.Lookups, env.NoTable, env.BrokenTable = lookupTables(tree)
		// map expands macros held in quotes only when it runs the search.
		env.Macros = SPLMacros(tree)
		return &env
	})
}

// Tally compiles every detection of a tree that is not deprecated and
// counts how they fared, naming the missing pieces.
func (c *Compiler) Tally(tree *content.Tree) CompileStats {
	st := CompileStats{Missing: map[string]int{}}
	broken := loadErrors(tree)
	for _, d := range tree.Detections {
		if d.Status == "deprecated" {
			continue
		}
		st.Detections++
		if len(broken[d.File]) > 0 {
			// what loaded of a broken file (a duplicate key's second value,
			// a search that is not text) is not the author's search
			st.Invalid++
			st.Missing["load: the detection file does not load"]++
			continue
		}
		switch comp := c.Get(tree, d); comp.Status() {
		case Pass:
			st.Compiled++
		case Unsupported:
			st.Unsupported++
			for what := range missingPieces(comp.Problems) {
				st.Missing[what]++
			}
		case Fail:
			st.Invalid++
			for what := range missingPieces(comp.Problems) {
				st.Missing[what]++
			}
		}
	}
	return st
}

// missingPieces names each distinct problem once per detection.
func missingPieces(ps []Problem) map[string]bool {
	m := map[string]bool{}
	for _, p := range ps {
		key := p.What
		if p.Kind != engine.KindUnsupported {
			key = p.Kind + ": " + p.What
		}
		m[key] = true
	}
	return m
}
