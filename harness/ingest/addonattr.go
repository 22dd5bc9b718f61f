package ingest

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// attr is one compiled props.conf attribute.
type attr struct {
	name    string // full attribute name, e.g. EVAL-process_name
	origin  string // "file [stanza]", for provenance
	kvMode  string
	extract *extractDef
	aliases []aliasDef
	eval    func(event.Row) event.Value
	lookup  *lookupDef
	report  []*fieldTransform // REPORT-: the transforms, in the order named
	winxml  bool              // REPORT-<class>: winxml (the built-in XML extraction)
	index   func(*indexPlan)  // an index-time setting (indexattr.go)
	// TRANSFORMS-: index-time transforms, in the order named
	// (indextransform.go)
	transforms []*indexTransform
}

type extractDef struct {
	re    addonRegex
	in    string // source field, "" = _raw
	names []string
}

type aliasDef struct {
	from, to string
	asNew    bool // ASNEW: only when the target is absent
}

// kvModes are the field-extraction modes a stanza may name. "winxml"
// stands for Splunk_TA_windows' XmlWinEventLog REPORT transforms; "auto"
// is Splunk's key=value extraction.
var kvModes = map[string]bool{"none": true, "winxml": true, "auto": true}

// kvDefaultAuto is KV_MODE = auto from the [default] stanza: Splunk's
// default for every sourcetype no add-on gives a KV_MODE. It leaves JSON
// events to the JSON reader, which already did what AUTO_KV_JSON does
// (the key=value pairs inside JSON strings are not extracted).
const kvDefaultAuto = "auto (default)"

// extractAutoKVIntoText is KV_MODE = auto for events that are not JSON.
func extractAutoKVIntoText(row event.Row) {
	raw := row.Get(event.Raw).First()
	if t := strings.TrimLeft(raw, " \t\r\n"); t != "" && (t[0] == '{' || t[0] == '[' && jsonArrayStart([]byte(t))) {
		return
	}
	extractPairs(row, raw, 0)
}

// fileDefs are the tables and transforms of one add-on file, which its
// LOOKUP- and REPORT- attributes name. A nil *fileDefs has none.
type fileDefs struct {
	tables          map[string]*lookupTable
	transforms      map[string]*fieldTransform
	indexTransforms map[string]*indexTransform
}

func (d *fileDefs) lookupTables() map[string]*lookupTable {
	if d == nil {
		return nil
	}
	return d.tables
}

// indexTransformsNamed resolves a TRANSFORMS value to its index-time
// transforms, in the order written.
func (d *fileDefs) indexTransformsNamed(v string) ([]*indexTransform, error) {
	var out []*indexTransform
	for _, n := range reportNames(v) {
		var t *indexTransform
		if d != nil {
			t = d.indexTransforms[n]
		}
		if t == nil && d != nil && d.transforms[n] != nil {
			return nil, fmt.Errorf("transform %q is a search-time extraction (no INGEST_EVAL, DEST_KEY or WRITE_META): name it in a REPORT- setting", n)
		}
		if t == nil {
			return nil, fmt.Errorf("no transform %q in this file's transforms", n)
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("names no transform")
	}
	return out, nil
}

// reportTransforms resolves a REPORT value to its transforms.
func (d *fileDefs) reportTransforms(v string) ([]*fieldTransform, error) {
	names := reportNames(v)
	if len(names) == 0 {
		return nil, fmt.Errorf("REPORT names no transform")
	}
	var out []*fieldTransform
	for _, n := range names {
		var t *fieldTransform
		if d != nil {
			t = d.transforms[n]
		}
		if t == nil && d != nil && d.indexTransforms[n] != nil {
			return nil, fmt.Errorf("transform %q is an index-time transform (it has %s): name it in a TRANSFORMS- setting", n, "INGEST_EVAL, DEST_KEY or WRITE_META")
		}
		if t == nil {
			return nil, fmt.Errorf("no transform %q in this file's transforms", n)
		}
		out = append(out, t)
	}
	return out, nil
}

// winXMLTransform is the built-in transform name for the XmlWinEventLog
// extraction (winxml.go): REPORT-<class>: winxml, as Splunk_TA_windows
// runs REPORT-0xml_kv_extract on its XmlWinEventLog sourcetype. Being a
// REPORT, not a KV_MODE, a source stanza's KV_MODE = none leaves it on, as
// in Splunk. A file's own transform of that name takes precedence.
const winXMLTransform = "winxml"

func isWinXMLReport(v string, defs *fileDefs) bool {
	names := reportNames(v)
	if len(names) != 1 || names[0] != winXMLTransform {
		return false
	}
	return defs == nil || defs.transforms[winXMLTransform] == nil
}

func compileStanza(file, spec string, attrs map[string]string, c Compilers, defs *fileDefs) (*stanza, error) {
	kind, value, re, err := parseSpec(spec)
	if err != nil {
		return nil, fmt.Errorf("%s: [%s]: %v", file, spec, err)
	}
	st := &stanza{file: file, spec: spec, kind: kind, value: value, pattern: re, attrs: map[string]*attr{}}
	for k, v := range attrs {
		a, err := compileAttr(k, v, c, defs)
		if err != nil {
			return nil, fmt.Errorf("%s: [%s] %s: %v", file, spec, k, err)
		}
		a.origin = file + " [" + spec + "]"
		if kind == kindDefault && a.kvMode == "auto" {
			a.kvMode = kvDefaultAuto
		}
		st.attrs[k] = a
	}
	return st, nil
}

func compileAttr(k, v string, c Compilers, defs *fileDefs) (*attr, error) {
	a := &attr{name: k}
	switch {
	case k == "KV_MODE":
		if !kvModes[v] {
			return nil, fmt.Errorf("unknown KV_MODE %q (want none, auto or winxml)", v)
		}
		a.kvMode = v
	case strings.HasPrefix(k, "EXTRACT-"):
		x, err := compileExtract(v)
		if err != nil {
			return nil, err
		}
		a.extract = x
	case strings.HasPrefix(k, "REPORT-") && isWinXMLReport(v, defs):
		a.winxml = true
	case strings.HasPrefix(k, "REPORT-"):
		ts, err := defs.reportTransforms(v)
		if err != nil {
			return nil, err
		}
		a.report = ts
	case strings.HasPrefix(k, "TRANSFORMS-"):
		ts, err := defs.indexTransformsNamed(v)
		if err != nil {
			return nil, err
		}
		a.transforms = ts
	case strings.HasPrefix(k, "FIELDALIAS-"):
		al, err := parseAliases(v)
		if err != nil {
			return nil, err
		}
		a.aliases = al
	case strings.HasPrefix(k, "EVAL-"):
		if c.Eval == nil {
			return nil, fmt.Errorf("no SPL eval compiler")
		}
		f, err := c.Eval(v)
		if err != nil {
			return nil, err
		}
		a.eval = f
	case strings.HasPrefix(k, "LOOKUP-"):
		l, err := compileLookup(v, defs.lookupTables())
		if err != nil {
			return nil, err
		}
		a.lookup = l
	default:
		set, ok, err := compileIndexSetting(k, v)
		if !ok {
			return nil, fmt.Errorf("unsupported attribute (want KV_MODE, EXTRACT-, REPORT-, FIELDALIAS-, EVAL-, LOOKUP-, TRANSFORMS- or an index-time setting: %s)", strings.Join(IndexTimeSettings(), ", "))
		}
		if err != nil {
			return nil, err
		}
		a.index = set
	}
	return a, nil
}

// extractIn splits "<regex> in <field>"; the field may be a JSON path as
// spath names it (Resources{}.Id, tags{}), which Splunk_TA_aws's
// Security Hub transforms read.
var extractIn = regexp.MustCompile(`^(.*\S)\s+in\s+([A-Za-z_][\w.:{}/-]*)$`)

// compileExtract reads "<regex> [in <field>]"; named groups become fields.
func compileExtract(v string) (*extractDef, error) {
	x := &extractDef{}
	src := v
	if m := extractIn.FindStringSubmatch(v); m != nil {
		src, x.in = m[1], m[2]
	}
	re, err := compileAddonRegex(src)
	if err != nil {
		return nil, err
	}
	x.re = re
	x.names = re.SubexpNames()
	if re.NumSubexp() == 0 {
		return nil, fmt.Errorf("regex has no named group to extract")
	}
	return x, nil
}

// parseAliases reads "a AS b c ASNEW d ...".
func parseAliases(v string) ([]aliasDef, error) {
	f := aliasTokens(v)
	if len(f) == 0 || len(f)%3 != 0 {
		return nil, fmt.Errorf("want <field> AS <alias> ..., got %q", v)
	}
	var out []aliasDef
	for i := 0; i < len(f); i += 3 {
		op := strings.ToUpper(f[i+1])
		if op != "AS" && op != "ASNEW" {
			return nil, fmt.Errorf("want AS or ASNEW, got %q", f[i+1])
		}
		out = append(out, aliasDef{from: unquote(f[i]), to: unquote(f[i+2]), asNew: op == "ASNEW"})
	}
	return out, nil
}

// aliasTokens splits on spaces, keeping a double-quoted field name (one
// with spaces, such as a JSON key "user name") as one token.
func aliasTokens(v string) []string {
	var out []string
	for v = strings.TrimSpace(v); v != ""; v = strings.TrimSpace(v) {
		end := strings.IndexAny(v, " \t\n")
		if v[0] == '"' {
			if q := strings.IndexByte(v[1:], '"'); q >= 0 {
				end = q + 2
			}
		}
		if end < 0 {
			end = len(v)
		}
		out = append(out, v[:end])
		v = v[end:]
	}
	return out
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// plan is the merged attribute set for one source/sourcetype/host.
type plan struct {
	kvMode   string
	winxml   string // the REPORT of the built-in winxml transform, if any (its rule)
	extracts []*attr
	reports  []*attr
	aliases  []*attr
	evals    []*attr
	lookups  []*attr
	ordered  []planStep // steps(), built once per plan
}

// buildPlan merges the matching stanzas attribute by attribute: source
// beats host beats sourcetype, an exact stanza beats a pattern, then the
// stanza lower in ASCII order wins.
func buildPlan(stanzas []*stanza, source, sourcetype, host string) *plan {
	return planOf(mergeStanzas(stanzas, source, sourcetype, host))
}

// mergeStanzas picks, for each attribute name, the value of the strongest
// matching stanza.
func mergeStanzas(stanzas []*stanza, source, sourcetype, host string) map[string]*attr {
	var match []*stanza
	for _, s := range stanzas {
		if s.matches(source, sourcetype, host) {
			match = append(match, s)
		}
	}
	sort.Slice(match, func(i, j int) bool {
		a, b := match[i], match[j]
		if a.kind != b.kind {
			return a.kind > b.kind
		}
		if (a.pattern == nil) != (b.pattern == nil) {
			return a.pattern == nil
		}
		return a.spec < b.spec
	})
	merged := map[string]*attr{}
	for _, s := range match {
		for k, a := range s.attrs {
			if _, taken := merged[k]; !taken {
				merged[k] = a
			}
		}
	}
	return merged
}

func planOf(merged map[string]*attr) *plan {
	p := &plan{}
	keys := make([]string, 0, len(merged))
	for k := range merged {
		keys = append(keys, k)
	}
	sort.Strings(keys) // Splunk runs each class in ASCII order of its name
	for _, k := range keys {
		a := merged[k]
		switch {
		case a.kvMode != "":
			p.kvMode = a.kvMode
		case a.winxml:
			p.winxml = a.rule()
		case a.extract != nil:
			p.extracts = append(p.extracts, a)
		case a.report != nil:
			p.reports = append(p.reports, a)
		case a.aliases != nil:
			p.aliases = append(p.aliases, a)
		case a.eval != nil:
			p.evals = append(p.evals, a)
		case a.lookup != nil:
			p.lookups = append(p.lookups, a)
		}
	}
	p.ordered = p.steps()
	return p
}

func (p *plan) apply(row event.Row) {
	for _, st := range p.ordered {
		st.run(row)
	}
}

// planStep is one search-time step; rule names the definition that set a
// field in that step (for `dactest fields` provenance).
type planStep struct {
	run  func(event.Row)
	rule func(field string) string
}

// steps lists the plan in Splunk's search-time order ("The sequence of
// search-time operations", Knowledge Manager Manual): inline extractions
// (EXTRACT), transform extractions (REPORT), automatic key-value
// extraction (KV_MODE), field aliases, calculated fields (EVAL), then
// automatic lookups. The winxml extraction (KV_MODE = winxml, or a REPORT
// of the built-in winxml transform) runs first: it stands for
// Splunk_TA_windows' INDEXED_EXTRACTIONS = XMLKV-WINEVT, whose fields exist
// before any search-time step (so EXTRACT ... in <EventData field> works).
func (p *plan) steps() []planStep {
	var out []planStep
	switch {
	case p.kvMode == "winxml":
		out = append(out, planStep{extractWinXMLInto, constRule("KV_MODE = winxml")})
	case p.winxml != "":
		out = append(out, planStep{extractWinXMLInto, constRule(p.winxml)})
	}
	for _, a := range p.extracts {
		out = append(out, planStep{a.extract.apply, constRule(a.rule())})
	}
	for _, a := range p.reports {
		for _, t := range a.report {
			out = append(out, planStep{t.apply, constRule(a.rule() + " [" + t.name + "]")})
		}
	}
	switch p.kvMode {
	case "auto":
		out = append(out, planStep{extractAutoKVInto, constRule("KV_MODE = auto")})
	case kvDefaultAuto:
		out = append(out, planStep{extractAutoKVIntoText, constRule("[default] KV_MODE = auto")})
	}
	out = append(out, planStep{p.applyAliases, func(field string) string {
		return ruleFor(p.aliases, field, func(a *attr) bool {
			for _, al := range a.aliases {
				if al.to == field {
					return true
				}
			}
			return false
		})
	}})
	out = append(out, planStep{p.applyEvals, func(field string) string {
		return ruleFor(p.evals, field, func(a *attr) bool { return strings.TrimPrefix(a.name, "EVAL-") == field })
	}})
	for _, a := range p.lookups {
		out = append(out, planStep{a.lookup.apply, constRule(a.rule())})
	}
	return out
}

func (a *attr) rule() string { return a.origin + " " + a.name }

func constRule(r string) func(string) string { return func(string) string { return r } }

func ruleFor(attrs []*attr, field string, sets func(*attr) bool) string {
	for _, a := range attrs {
		if sets(a) {
			return a.rule()
		}
	}
	return "add-on"
}

// extractWinXMLInto adds the XML fields; repeated names become multivalue.
// The single values share one backing array per event (each slice capped
// at its one item, so an append copies): dozens of fields, a few
// allocations.
func extractWinXMLInto(row event.Row) {
	var block []string
	ExtractWinXML(row.Get(event.Raw).First(), func(name, value string) {
		if name == "" {
			return
		}
		if v, ok := row[name]; ok {
			row[name] = append(v, value)
			return
		}
		if len(block) == cap(block) {
			block = make([]string, 0, 32)
		}
		block = append(block, value)
		n := len(block)
		row[name] = block[n-1 : n : n]
	})
}

func (x *extractDef) apply(row event.Row) {
	src := event.Raw
	if x.in != "" {
		src = x.in
	}
	v := row.Get(src)
	if v.Null() {
		return
	}
	m := x.re.FindStringSubmatch(v.First())
	if m == nil {
		return
	}
	for i, name := range x.names {
		if name != "" && m[i] != "" {
			row[name] = event.Single(m[i])
		}
	}
}

// applyAliases copies values from a snapshot taken before any alias, so
// one alias never feeds another (Splunk applies them side by side). An
// absent source field leaves the target alone.
func (p *plan) applyAliases(row event.Row) {
	type set struct {
		to string
		v  event.Value
	}
	sets := make([]set, 0, 64) // on the stack for the usual alias count
	for _, a := range p.aliases {
		for _, al := range a.aliases {
			v := row.Get(al.from)
			if v.Null() || (al.asNew && !row.Get(al.to).Null()) {
				continue
			}
			sets = append(sets, set{al.to, v})
		}
	}
	for _, s := range sets {
		row[s.to] = s.v
	}
}

// applyEvals computes every calculated field against the row as it was
// before any of them, as Splunk does (an EVAL never sees another EVAL's
// result), then stores them; a null result removes the field.
func (p *plan) applyEvals(row event.Row) {
	if len(p.evals) == 0 {
		return
	}
	vals := make([]event.Value, len(p.evals))
	for i, a := range p.evals {
		vals[i] = a.eval(row)
	}
	for i, a := range p.evals {
		row.Set(strings.TrimPrefix(a.name, "EVAL-"), vals[i])
	}
}
