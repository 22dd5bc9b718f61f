package ingest

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
	"gopkg.in/yaml.v3"
)

// The eval lookup() function inside an add-on's EVAL reads CSV lookup
// definitions "shared globally" (Splunk search reference, lookup()): an
// add-on exports its transforms.conf lookups, so an EVAL of one add-on
// may read any add-on's table, not only its own file's.

// EvalTables are the tables an eval lookup() may read (by lookup
// definition name) and, for the names it may not, why.
type EvalTables struct {
	Lookups map[string]*engine.Lookup
	NoTable map[string]string
}

// AddonEvalTables reads the lookups: section of every *.yml add-on file
// of fsys. Bitmask tables (scripted lookups) and site tables (KV store
// collections) are no CSV lookup, so lookup() of them is reported, not
// read. A name defined by two files is an error naming both.
func AddonEvalTables(fsys fs.FS) (*EvalTables, error) {
	names, err := fs.Glob(fsys, "*.yml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	t := &EvalTables{Lookups: map[string]*engine.Lookup{}, NoTable: map[string]string{}}
	seen := map[string]string{}
	for _, name := range names {
		defs, err := readLookupDefs(fsys, name)
		if err != nil {
			return nil, err
		}
		for table, def := range defs {
			if prev, dup := seen[table]; dup {
				return nil, fmt.Errorf("%s: lookup %s is already defined in %s", path.Base(name), table, prev)
			}
			seen[table] = path.Base(name)
			if err := t.add(table, def); err != nil {
				return nil, fmt.Errorf("%s: %v", path.Base(name), err)
			}
		}
	}
	return t, nil
}

func readLookupDefs(fsys fs.FS, name string) (map[string]LookupDef, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var f struct {
		Lookups map[string]LookupDef `yaml:"lookups"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %v", path.Base(name), err)
	}
	return f.Lookups, nil
}

func (t *EvalTables) add(name string, def LookupDef) error {
	switch {
	case def.Bitmask:
		t.NoTable[name] = "a scripted bitmask lookup, not a CSV lookup: lookup() cannot read it"
		return nil
	case def.Site != "":
		t.NoTable[name] = "site data (" + def.Site + "), not a CSV lookup: lookup() cannot read it"
		return nil
	}
	l, err := engine.ReadLookupCSV(strings.NewReader(def.CSV))
	if err != nil {
		return fmt.Errorf("lookup %s: %v", name, err)
	}
	l.CaseSensitive = !def.CaseInsensitive
	t.Lookups[name] = l
	return nil
}

// EngineCompilersWith are EngineCompilers whose EVALs' lookup() reads
// tables (nil: none, and lookup() is an error naming the table).
func EngineCompilersWith(tables *EvalTables) Compilers {
	env := &engine.Env{}
	if tables != nil {
		env.Lookups, env.NoTable = tables.Lookups, tables.NoTable
	}
	eval := func(expr string) (func(event.Row) event.Value, error) { return engine.CompileEvalEnv(expr, env) }
	return Compilers{Eval: eval, Search: engine.CompileSearch}
}

// with is t plus more's tables (more's win on a shared name).
func (t *EvalTables) with(more *EvalTables) *EvalTables {
	out := &EvalTables{Lookups: map[string]*engine.Lookup{}, NoTable: map[string]string{}}
	for _, src := range []*EvalTables{t, more} {
		for k, v := range src.Lookups {
			out.Lookups[k] = v
			delete(out.NoTable, k)
		}
		for k, v := range src.NoTable {
			out.NoTable[k] = v
			delete(out.Lookups, k)
		}
	}
	return out
}
