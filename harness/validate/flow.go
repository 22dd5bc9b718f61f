package validate

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/fieldflow"
	"github.com/dactest/dactest/harness/spl"
	"gopkg.in/yaml.v3"
)

// tokenRE finds $field$ tokens, dotted names included ($Processes.dest$).
var tokenRE = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_.:-]*)\$`)

// splunkTokens are set by Splunk/ES for every drilldown, not by the search
// (ES "Create a drill-down search": $info_min_time$, $info_max_time$).
var splunkTokens = set("info_min_time", "info_max_time", "info_search_time", "info_sid")

// flow is the field-flow analysis of a detection's search.
type flow struct {
	d     *content.Detection
	exp   *spl.Expansion
	query *spl.Query
	final fieldflow.Stage
	stage []fieldflow.Stage
}

// analyzeFlow expands and parses the search; nil when it cannot be
// analysed (parse and macro errors are reported by the compiler checks).
func (r *run) analyzeFlow(d *content.Detection) *flow {
	if d.Search == "" || d.Status == "deprecated" || d.Status == "removed" {
		return nil
	}
	exp, err := spl.Expand(d.Search, r.splMacros())
	if err != nil {
		return nil
	}
	q, err := exp.Parse()
	if err != nil {
		return nil
	}
	st := fieldflow.Analyze(q)
	return &flow{d: d, exp: exp, query: q, final: fieldflow.Final(st), stage: st}
}

func (r *run) splMacros() spl.Macros {
	if r.macros == nil {
		r.macros = spl.Macros{}
		for _, m := range r.tree.Macros {
			r.macros.Add(spl.Macro{Name: m.Name, Params: m.Arguments, Definition: m.Definition, File: m.File})
		}
	}
	return r.macros
}

// fieldFlow: every field the risk definition and drilldowns name must be
// an output field of the search's last stage, or ES fills it with nothing.
func (r *run) fieldFlow(d *content.Detection) {
	f := r.analyzeFlow(d)
	if f == nil {
		return
	}
	r.tstatsSummaries(f)
	r.dataSourceFields(f)
	if f.final.Out.Open {
		return
	}
	r.riskObjectFields(f)
	r.messageTokens(f)
	r.drilldownTokens(f)
	r.throttlingFields(f)
}

func (r *run) riskObjectFields(f *flow) {
	list := [][]string{{"rba", "risk_objects", "field"}, {"rba", "threat_objects", "field"}}
	if f.d.Risk.Vintage != "rba" {
		list = [][]string{{"tags", "observable", "name"}}
	}
	for _, p := range list {
		for _, o := range seq(content.NodeAt(f.d.Node, p[0], p[1])) {
			if n := content.NodeAt(o, p[2]); n != nil && !f.final.Out.Has(n.Value) && !r.reportedAbsent(f.d, n.Value) {
				r.report("risk-field-output", content.PosOf(f.d.File, n), "%s field %s %s",
					strings.TrimSuffix(p[1], "s"), quote(n.Value), f.missing(r, n.Value))
			}
		}
	}
}

func (r *run) messageTokens(f *flow) {
	msg := content.NodeAt(f.d.Node, "rba", "message")
	if f.d.Risk.Vintage != "rba" {
		msg = content.NodeAt(f.d.Node, "tags", "message")
	}
	r.tokens("message-token-output", f, msg, "risk message", nil)
}

// reportedAbsent: risk-field-in-search already reports a risk field that
// does not occur in the search text at all; one finding is enough.
func (r *run) reportedAbsent(d *content.Detection, name string) bool {
	return d.Status == "production" && !strings.Contains(strings.ToLower(d.Search), strings.ToLower(name))
}

func (r *run) drilldownTokens(f *flow) {
	for _, dd := range seq(content.NodeAt(f.d.Node, "drilldown_searches")) {
		r.tokens("drilldown-token-output", f, content.NodeAt(dd, "name"), "drilldown name", splunkTokens)
		r.tokens("drilldown-token-output", f, content.NodeAt(dd, "search"), "drilldown search", splunkTokens)
	}
}

// throttlingFields: ES throttles on the values of these result fields
// (contentctl tags.throttling.fields).
func (r *run) throttlingFields(f *flow) {
	for _, n := range seq(content.NodeAt(f.d.Node, "tags", "throttling", "fields")) {
		if !f.final.Out.Has(n.Value) {
			r.report("throttling-field-output", content.PosOf(f.d.File, n), "throttling field %s %s", quote(n.Value), f.missing(r, n.Value))
		}
	}
}

func (r *run) tokens(id string, f *flow, n *yaml.Node, where string, ignore map[string]bool) {
	absentReported := id == "message-token-output"
	if n == nil || n.Kind != yaml.ScalarNode {
		return
	}
	seen := map[string]bool{}
	for _, m := range tokenRE.FindAllStringSubmatchIndex(n.Value, -1) {
		name := n.Value[m[2]:m[3]]
		if ignore[name] || seen[name] || f.final.Out.Has(name) || absentReported && r.reportedAbsent(f.d, name) {
			continue
		}
		seen[name] = true
		r.report(id, r.tokenPos(f.d, n, m[0], n.Value[m[0]:m[1]]), "%s token $%s$ %s", where, name, f.missing(r, name))
	}
}

// missing explains why name is not an output: which stage fixed the fields
// and what it keeps, with a suggestion.
func (f *flow) missing(r *run, name string) string {
	out := f.final.Out.List()
	msg := "is not an output field of the search"
	if i := f.final.Closer; i >= 0 {
		st := f.stage[i]
		msg += fmt.Sprintf(": its `%s` at %s outputs only %s", st.Command, r.flowPos(f, st.At), short(out))
	}
	return msg + didYouMean(name, out)
}

// flowPos maps an expanded-search offset back to the file it was written in.
func (r *run) flowPos(f *flow, at spl.Pos) string {
	p := r.searchPos(f, at)
	if p.File == f.d.File {
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return p.String()
}

func short(names []string) string {
	const max = 8
	if len(names) > max {
		return strings.Join(names[:max], ", ") + fmt.Sprintf(", … (%d fields)", len(names))
	}
	return strings.Join(names, ", ")
}

// tokenPos is the position of the token at byte offset off of scalar n's
// value. Tokens hold no spaces, so however the scalar is folded or quoted
// the token's text appears verbatim in the file: it is the k-th occurrence
// after the scalar's start, k counted in the value. If the file cannot be
// read the scalar's start is returned.
func (r *run) tokenPos(d *content.Detection, n *yaml.Node, off int, token string) content.Pos {
	start := content.PosOf(d.File, n)
	src, err := r.source(d)
	if err != nil {
		return start
	}
	k := strings.Count(n.Value[:off], token)
	lines := strings.Split(src, "\n")
	for i := n.Line - 1; i < len(lines); i++ {
		line := lines[i]
		from := 0
		if i == n.Line-1 {
			from = byteCol(line, n.Column)
		}
		for {
			j := strings.Index(line[from:], token)
			if j < 0 {
				break
			}
			if k == 0 {
				return content.Pos{File: d.File, Line: i + 1, Col: utf8.RuneCountInString(line[:from+j]) + 1}
			}
			k--
			from += j + len(token)
		}
	}
	return start
}

// byteCol converts a 1-based rune column to a byte offset in line.
func byteCol(line string, col int) int {
	for i := range line {
		if col--; col == 0 {
			return i
		}
	}
	return len(line)
}

// source is a detection file's text, read once per run.
func (r *run) source(d *content.Detection) (string, error) {
	if s, ok := r.sources[d.Path]; ok {
		return s, nil
	}
	if r.tree.FS == nil {
		return "", fs.ErrNotExist
	}
	b, err := fs.ReadFile(r.tree.FS, d.Path)
	if err != nil {
		return "", err
	}
	if r.sources == nil {
		r.sources = map[string]string{}
	}
	r.sources[d.Path] = string(b)
	return string(b), nil
}

// tstatsSummaries: a tstats search must say summariesonly=, as ESCU does
// through `security_content_summariesonly`; without it the results depend
// on how the data model acceleration of each site is set up (tstats
// defaults to summariesonly=false, reading raw events too, which is slow).
func (r *run) tstatsSummaries(f *flow) {
	spl.WalkQuery(f.query, func(n spl.Node) bool {
		t, ok := n.(*spl.TstatsCommand)
		if !ok || t.Datamodel == "" {
			return true // tstats over indexed fields reads no summaries
		}
		for _, o := range t.Options {
			if o.Key == "summariesonly" {
				return true
			}
		}
		r.report("tstats-summariesonly", r.searchPos(f, t.At), "tstats without summariesonly=: use `security_content_summariesonly` or write summariesonly=true|false")
		return true
	})
}

// searchPos maps an expanded-search offset to its file position.
func (r *run) searchPos(f *flow, at spl.Pos) content.Pos {
	macro, file, off := f.exp.Origin(at)
	if macro == "" {
		return f.d.SearchLocation(off)
	}
	for _, m := range r.tree.Macros {
		if m.Name == macro && m.File == file {
			return m.MacroLocation(off)
		}
	}
	return f.d.SearchPos
}
