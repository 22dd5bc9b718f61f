package validate

import (
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/content"
)

// references checks that stories, data sources, macros and lookups named by
// a detection exist in the tree. Story and data-source references are only
// checked when the tree has any of that kind: a project tree of its own
// detections need not carry ESCU's stories.
func (r *run) references(d *content.Detection) {
	// contentctl: "Duplicate Story ... found in list" (Story name mapping)
	duplicateEntries(r, "story-duplicate", d, "analytic story", "tags", "analytic_story")
	if len(r.tree.Stories) > 0 {
		listRefs(r, "story-ref", d, "analytic story", r.tree.Stories, "tags", "analytic_story")
	}
	if len(r.tree.DataSources) > 0 {
		listRefs(r, "data-source-ref", d, "data source", r.tree.DataSources, "data_source")
	}
	if d.Search == "" {
		return
	}
	code := blankComments(d.Search)
	r.macroRefs(d, code)
	r.lookupRefs(d, code)
	r.filterMacro(d, code)
}

func listRefs[V any](r *run, id string, d *content.Detection, what string, known map[string]V, path ...string) {
	for _, n := range seq(content.NodeAt(d.Node, path...)) {
		if _, ok := known[n.Value]; !ok {
			r.report(id, content.PosOf(d.File, n), "%s %s does not exist%s", what, quote(n.Value), didYouMean(n.Value, keys(known)))
		}
	}
}

// blankComments replaces ```comments``` with spaces, keeping offsets, so
// that macros mentioned in comments are not taken as uses.
func blankComments(s string) string {
	b := []byte(s)
	for _, loc := range commentRE.FindAllStringIndex(s, -1) {
		for i := loc[0]; i < loc[1]; i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

var (
	commentRE = regexp.MustCompile("(?s)```.*?```")
	macroRE   = regexp.MustCompile("`([A-Za-z0-9_.:-]+)(?:\\(([^`]*)\\))?`")
)

// macrosToIgnore ship with apps ESCU depends on (CIM, ES), as in contentctl.
var macrosToIgnore = []string{"drop_dm_object_name", "get_asset", "get_risk_severity", "cim_corporate_web_domain_search"}

func (r *run) macroRefs(d *content.Detection, code string) {
	for _, m := range macroRE.FindAllStringSubmatchIndex(code, -1) {
		name := code[m[2]:m[3]]
		nargs := 0
		if m[4] >= 0 {
			nargs = countArgs(code[m[4]:m[5]])
		}
		key := content.MacroKey(name, nargs)
		if r.tree.Macros[key] != nil || ignoredMacro(name) || strings.HasSuffix(name, "_filter") {
			continue // contentctl creates missing _filter macros as `search *`
		}
		r.report("macro-ref", d.SearchLocation(m[0]), "macro `%s` is not defined%s", key, didYouMean(key, keys(r.tree.Macros)))
	}
}

func ignoredMacro(name string) bool {
	for _, ig := range macrosToIgnore {
		if strings.Contains(name, ig) {
			return true
		}
	}
	return false
}

// countArgs counts a macro call's comma-separated arguments, ignoring commas
// inside quotes or parentheses.
func countArgs(s string) int {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	n, depth, quoted := 1, 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && quoted:
			i++
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			n++
		}
	}
	return n
}

// lookupRE finds the table of a lookup or inputlookup command (group 1 is
// the command, group 2 the table), skipping options such as append=t.
var lookupRE = regexp.MustCompile(`(?:^|[|\[])\s*(lookup|inputlookup)\s+(?:[A-Za-z_]+\s*=\s*\S+\s+)*([^\s|\]]+)`)

// lookupsToIgnore ship with apps ESCU depends on, as in contentctl.
var lookupsToIgnore = set("ut_shannon_lookup", "identity_lookup_expanded", "cim_corporate_web_domain_lookup",
	"alexa_lookup_by_str", "interesting_ports_lookup", "asset_lookup_by_str", "asset_lookup_by_cidr",
	"identity_lookup_by_str", "admon_groups_def")

func (r *run) lookupRefs(d *content.Detection, code string) {
	for _, m := range lookupRE.FindAllStringSubmatchIndex(code, -1) {
		cmd, name := code[m[2]:m[3]], code[m[4]:m[5]]
		if lookupsToIgnore[name] || r.lookupExists(name) {
			continue
		}
		// contentctl only resolves `lookup`; inputlookup tables (often
		// summary CSVs built by baselines) are reported as a warning.
		id := "lookup-ref"
		if cmd == "inputlookup" {
			id = "inputlookup-ref"
		}
		r.report(id, d.SearchLocation(m[4]), "%s table %s is not defined%s", cmd, quote(name), didYouMean(name, keys(r.tree.Lookups)))
	}
}

// lookupExists accepts a lookup's name or its CSV file name.
func (r *run) lookupExists(name string) bool {
	if r.tree.Lookups[name] != nil {
		return true
	}
	for _, l := range r.tree.Lookups {
		if l.Filename == name {
			return true
		}
	}
	return false
}

func (r *run) filterMacro(d *content.Detection, code string) {
	if d.Name == "" {
		return
	}
	want := strings.TrimSuffix(FileNameFor(d.Name), ".yml") + "_filter"
	if !strings.Contains(code, "`"+want+"`") {
		r.report("filter-macro", d.SearchPos, "search does not use `%s`", want)
	}
}
