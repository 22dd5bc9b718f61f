package validate

import (
	"regexp"
	"sort"

	"github.com/dactest/dactest/harness/content"
)

// macroTokenRE finds $name$ tokens in a macro definition.
var macroTokenRE = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)\$`)

// macroArgs checks that a macro's $arg$ tokens and its declared arguments
// agree (contentctl does not): an undeclared token is left in the search
// as literal text by Splunk, and a declared argument never used means a
// caller's value is silently dropped.
func (r *run) macroArgs() {
	for _, key := range sortedMacroKeys(r.tree.Macros) {
		m := r.tree.Macros[key]
		declared := map[string]bool{}
		for _, a := range m.Arguments {
			declared[a] = true
		}
		used := map[string]bool{}
		for _, loc := range macroTokenRE.FindAllStringSubmatchIndex(m.Definition, -1) {
			name := m.Definition[loc[2]:loc[3]]
			used[name] = true
			if !declared[name] {
				r.report("macro-arg-undeclared", m.MacroLocation(loc[0]), "macro %s uses $%s$ but declares no argument %q%s",
					quote(m.Name), name, name, didYouMean(name, m.Arguments))
			}
		}
		for _, a := range m.Arguments {
			if !used[a] {
				r.report("macro-arg-unused", m.DefinitionPos, "macro %s declares argument %q but its definition never uses $%s$", quote(m.Name), a, a)
			}
		}
	}
}

func sortedMacroKeys(ms map[string]*content.Macro) []string {
	keys := make([]string, 0, len(ms))
	for k := range ms {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
