package runner

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/internal/suggest"
	"github.com/dactest/dactest/harness/spl"
)

// Problem is a positioned reason a search cannot run.
type Problem struct {
	Pos  content.Pos `json:"pos"`
	Kind string      `json:"kind"` // unsupported | invalid | parse | macro
	What string      `json:"what"` // the missing piece, e.g. "command transaction"
	Msg  string      `json:"message,omitempty"`
}

func (p Problem) String() string {
	s := fmt.Sprintf("%s: %s", p.Kind, p.What)
	if p.Msg != "" && p.Msg != p.What {
		s += " (" + p.Msg + ")"
	}
	return s + ", " + p.Pos.String()
}

// Compiled is a detection's search after expansion, parsing and compiling.
type Compiled struct {
	Program  *engine.Program
	Expanded string
	Problems []Problem
	// Warnings are what Splunk runs anyway but an author should hear of
	// (a tstats field the data model does not define: Splunk gives it
	// null), positioned like Problems.
	Warnings []Problem
}

// Status is how the compile went: Pass when it can run, Unsupported when
// it uses what the engine lacks, Fail when the search itself is wrong
// (does not parse, undefined macro, unknown data model field or lookup):
// Splunk would reject it too, so its tests fail.
func (c *Compiled) Status() Status {
	for _, p := range c.Problems {
		if p.Kind != engine.KindUnsupported {
			return Fail
		}
	}
	if len(c.Problems) > 0 {
		return Unsupported
	}
	return Pass
}

// Compile expands, parses and compiles a detection's search, mapping every
// problem back to the file, line and column where its text was written.
func Compile(tree *content.Tree, d *content.Detection, env *engine.Env) *Compiled {
	loc := locator{tree: tree, det: d}
	exp, err := spl.Expand(d.Search, SPLMacros(tree))
	if err != nil {
		return &Compiled{Problems: loc.splProblems("macro", err)}
	}
	loc.exp = exp
	q, err := exp.Parse()
	if err != nil {
		return &Compiled{Expanded: exp.Text, Problems: loc.splProblems("parse", err)}
	}
	prog, err := engine.Compile(q, env)
	if err != nil {
		return &Compiled{Expanded: exp.Text, Problems: loc.engineProblems(err)}
	}
	return &Compiled{Program: prog, Expanded: exp.Text, Warnings: loc.engineProblems(engine.ErrorList(prog.Warnings))}
}

// SPLMacros converts the tree's macros for the expander. Built once per
// tree would be cheaper; the table is small and maps are shared read-only.
func SPLMacros(tree *content.Tree) spl.Macros {
	ms := spl.Macros{}
	for _, m := range tree.Macros {
		ms.Add(spl.Macro{Name: m.Name, Params: m.Arguments, Definition: m.Definition, File: m.File})
	}
	return ms
}

// locator turns offsets in expanded text into file positions.
type locator struct {
	tree *content.Tree
	det  *content.Detection
	exp  *spl.Expansion
}

func (l locator) at(macro, file string, offset int) content.Pos {
	if macro == "" {
		return l.det.SearchLocation(offset)
	}
	for _, m := range l.tree.Macros {
		if m.Name == macro && m.File == file {
			return m.MacroLocation(offset)
		}
	}
	return content.Pos{File: fmt.Sprintf("%s (built-in macro `%s`)", l.det.File, macro)}
}

func (l locator) splProblems(kind string, err error) []Problem {
	var list spl.ErrorList
	var one *spl.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = spl.ErrorList{one}
	default:
		return []Problem{{Pos: l.det.SearchPos, Kind: kind, What: err.Error()}}
	}
	var out []Problem
	for _, e := range list {
		if !e.Resolved && l.exp != nil {
			l.exp.Resolve(e)
		}
		p := Problem{Pos: l.at(e.Macro, e.File, e.Offset), Kind: kind, What: e.Msg}
		if kind == "macro" {
			p.Msg = macroHint(e.Msg, l.tree)
		}
		out = append(out, p)
	}
	return out
}

// brokenMacroFile is the load error of macros/<name>.yml, where the
// undefined macro would be defined had its file loaded; nil when there is
// none.
func brokenMacroFile(key string, tree *content.Tree) *content.Finding {
	name, _, _ := strings.Cut(key, "(")
	for i, f := range tree.Findings {
		if f.Severity == content.SeverityError && strings.HasSuffix(filepath.ToSlash(f.Pos.File), "macros/"+name+".yml") {
			return &tree.Findings[i]
		}
	}
	return nil
}

// undefinedMacro is spl.Expand's message for a macro no file defines.
var undefinedMacro = regexp.MustCompile("^undefined macro `([^`]+)`$")

// macroHint names the defined macro nearest to an undefined one (a typo,
// or the right name with the wrong number of arguments: keys carry the
// arity, `name(2)`), or "".
func macroHint(msg string, tree *content.Tree) string {
	m := undefinedMacro.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	if f := brokenMacroFile(m[1], tree); f != nil {
		return fmt.Sprintf("%s does not load: %s", f.Pos, f.Message)
	}
	// spl.Expand's built-in, which no file defines (any *_filter is built
	// in too, so it is never undefined).
	keys := []string{"drop_dm_object_name(1)"}
	for k := range tree.Macros {
		keys = append(keys, k)
	}
	if near := suggest.Nearest(m[1], keys); near != "" {
		return "did you mean `" + near + "`?"
	}
	return ""
}

func (l locator) engineProblems(err error) []Problem {
	if list, ok := err.(engine.ErrorList); ok && len(list) == 0 {
		return nil
	}
	var list engine.ErrorList
	if !errors.As(err, &list) {
		return []Problem{{Pos: l.det.SearchPos, Kind: "invalid", What: err.Error()}}
	}
	var out []Problem
	for _, e := range list {
		macro, file, off := l.exp.Origin(e.Pos)
		out = append(out, Problem{Pos: l.at(macro, file, off), Kind: e.Kind, What: e.What, Msg: e.Msg})
	}
	return out
}

// describe renders problems for a one-line test message.
func describe(ps []Problem) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, p.String())
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}
