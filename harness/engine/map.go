package engine

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/internal/memo"
	"github.com/dactest/dactest/harness/spl"
)

// mapDefaultMax is map's maxsearches default: "The maximum number of
// searches to run ... Default: 10" (Splunk Search Reference, map).
const mapDefaultMax = 10

// mapToken is a $field$ placeholder in a map search.
var mapToken = regexp.MustCompile(`\$([^$\s]+)\$`)

// mapCmd is `map search="<search with $field$ tokens>" [maxsearches=N]`:
// for each of the first N input rows the search is run over the dataset
// with every $field$ replaced by that row's value; the results are
// concatenated in input order. Saved-search mode is unsupported (saved
// searches are not content dactest has).
func (c *compiler) mapCmd(n *spl.GenericCommand) applyFn {
	tmpl, max, ok := c.mapArgs(n)
	if !ok {
		return nil
	}
	if !c.checkMapSearch(n, tmpl) {
		return nil
	}
	cache := &mapCache{env: c.env}
	return func(rc *runCtx, f frame) (frame, error) {
		var out []event.Row
		for i, r := range f.rows {
			if i == max {
				break
			}
			prog, err := cache.get(substituteTokens(tmpl, r))
			if err != nil {
				return frame{}, fmt.Errorf("map search for row %d: %w", i+1, err)
			}
			rows, err := prog.rows(rc)
			if err != nil {
				return frame{}, err
			}
			out = append(out, rows...)
		}
		return frame{rows: out}, nil
	}
}

func (c *compiler) mapArgs(n *spl.GenericCommand) (string, int, bool) {
	tmpl, max, ok := "", mapDefaultMax, true
	for _, a := range splitArgs(n) {
		switch a.Key {
		case "search":
			tmpl = a.Value
		case "maxsearches":
			v, err := strconv.Atoi(a.Value)
			if err != nil || v < 0 {
				c.errs.invalid(a.At, "map maxsearches", "needs a non-negative integer")
				ok = false
			}
			max = v
		case "":
			c.errs.unsupported(a.At, "map saved search", "saved searches are not content dactest has; use search=\"...\"")
			ok = false
		default:
			c.errs.unsupported(a.At, "map option "+a.Key, "")
			ok = false
		}
	}
	if tmpl == "" && ok {
		c.errs.invalid(n.At, "command map", "needs search=\"...\"")
		ok = false
	}
	return tmpl, max, ok
}

// checkMapSearch compiles the search once with placeholder values ("0",
// valid as a term, a value and a time) so what
// the engine lacks is reported at compile time, at the map command.
func (c *compiler) checkMapSearch(n *spl.GenericCommand, tmpl string) bool {
	if strings.Contains(tmpl, "`") && c.env.Macros == nil {
		c.errs.unsupported(n.At, "map search with macros", "the macros are expanded when map runs the search; this environment has no macro table (engine.Env.Macros)")
		return false
	}
	_, err := compileMapSearch(mapToken.ReplaceAllString(tmpl, "0"), c.env)
	if err == nil {
		return true
	}
	var list ErrorList
	if el, ok := err.(ErrorList); ok {
		list = el
	} else {
		c.errs.invalid(n.At, "map search", err.Error())
		return false
	}
	for _, e := range list {
		c.errs.list = append(c.errs.list, &CompileError{Pos: n.At, Kind: e.Kind, What: e.What, Msg: "in map search: " + e.Msg})
	}
	return false
}

func compileMapSearch(text string, env *Env) (*Program, error) {
	exp, err := spl.Expand(strings.TrimSpace(text), env.Macros)
	if err != nil {
		return nil, err
	}
	q, err := exp.Parse()
	if err != nil {
		return nil, err
	}
	return Compile(q, env)
}

// substituteTokens replaces $field$ with the row's value: the first value
// of a multivalue field, empty when absent (docs are silent on both).
func substituteTokens(tmpl string, r event.Row) string {
	return mapToken.ReplaceAllStringFunc(tmpl, func(tok string) string {
		return r.Get(tok[1 : len(tok)-1]).First()
	})
}

// mapCache compiles each distinct substituted search once; safe for
// concurrent Runs.
type mapCache struct {
	env   *Env
	progs memo.Map[string, mapEntry]
}

type mapEntry struct {
	prog *Program
	err  error
}

func (m *mapCache) get(text string) (*Program, error) {
	e := m.progs.Get(text, func() mapEntry {
		p, err := compileMapSearch(text, m.env)
		return mapEntry{p, err}
	})
	return e.prog, e.err
}
