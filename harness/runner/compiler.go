package runner

import (
	"sync"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/engine"
)

// Compiler compiles each detection once per run and shares the program
// with every test of that detection; safe for concurrent use.
type Compiler struct {
	env   *engine.Env
	mu    sync.Mutex
	slots map[*content.Detection]*compileSlot
	envs  map[*content.Tree]*treeEnv
}

// treeEnv is the engine environment of one content tree: the shared
// environment plus that tree's lookup tables, read once.
type treeEnv struct {
	once sync.Once
	env  *engine.Env
}

type compileSlot struct {
	once sync.Once
	c    *Compiled
}

// NewCompiler returns a compiler for programs run in env (nil: defaults).
func NewCompiler(env *engine.Env) *Compiler {
	if env == nil {
		env = &engine.Env{}
	}
	return &Compiler{env: env, slots: map[*content.Detection]*compileSlot{}, envs: map[*content.Tree]*treeEnv{}}
}

// Get returns the detection's compiled search, compiling it on first use.
func (c *Compiler) Get(tree *content.Tree, d *content.Detection) *Compiled {
	c.mu.Lock()
	s, ok := c.slots[d]
	if !ok {
		s = &compileSlot{}
		c.slots[d] = s
	}
	c.mu.Unlock()
	s.once.Do(func() { s.c = Compile(tree, d, c.envFor(tree).env) })
	return s.c
}

// Env is the engine environment for searches over a tree: the data models
// plus the tree's lookup tables (read once).
func (c *Compiler) Env(tree *content.Tree) *engine.Env { return c.envFor(tree).env }

func (c *Compiler) envFor(tree *content.Tree) *treeEnv {
	c.mu.Lock()
	te, ok := c.envs[tree]
	if !ok {
		te = &treeEnv{}
		c.envs[tree] = te
	}
	c.mu.Unlock()
	te.once.Do(func() {
		env := *c.env
		env.Lookups, env.NoTable = lookupTables(tree)
		// map expands macros held in quotes only when it runs the search.
		env.Macros = SPLMacros(tree)
		te.env = &env
	})
	return te
}

// Tally compiles every detection of a tree that is not deprecated and
// counts how they fared, naming the missing pieces.
func (c *Compiler) Tally(tree *content.Tree) CompileStats {
	st := CompileStats{Missing: map[string]int{}}
	for _, d := range tree.Detections {
		if d.Status == "deprecated" {
			continue
		}
		st.Detections++
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
