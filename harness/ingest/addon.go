package ingest

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/dactest/dactest/harness/event"
	"gopkg.in/yaml.v3"
)

// Add-on definitions are data, modelled on Splunk's props.conf,
// eventtypes.conf and tags.conf; see addons/README.md for the format.
// One file per add-on:
//
//	name: Splunk Add-on for Sysmon
//	props:
//	  "source::XmlWinEventLog:Microsoft-Windows-Sysmon/Operational":
//	    KV_MODE: winxml
//	    EXTRACT-hashes: 'MD5=(?<MD5>[0-9A-F]+) in Hashes'
//	    FIELDALIAS-dest: Computer AS dest
//	    EVAL-process_name: mvindex(split(Image, "\\"), -1)
//	eventtypes:
//	  ms-sysmon-process:
//	    search: source="*Sysmon/Operational" EventCode=1
//	    tags: [process, report]

// AddonFile is one add-on definition file as written.
type AddonFile struct {
	Name       string                       `yaml:"name"`
	Version    string                       `yaml:"version"`
	Props      map[string]map[string]string `yaml:"props"`
	Eventtypes map[string]EventtypeDef      `yaml:"eventtypes"`
	Lookups    map[string]LookupDef         `yaml:"lookups"`
	// Transforms are transforms.conf search-time extractions, run by
	// props REPORT-<class>: <name>[, <name>...] (addon_transform.go).
	Transforms map[string]map[string]string `yaml:"transforms"`
}

// EventtypeDef is one eventtypes.conf stanza plus its tags.conf tags.
type EventtypeDef struct {
	Search string   `yaml:"search"`
	Tags   []string `yaml:"tags"`
}

// Compilers turn SPL text into functions; harness/engine supplies them.
type Compilers struct {
	Eval   func(expr string) (func(event.Row) event.Value, error)
	Search func(expr string) (func(event.Row) bool, error)
}

// Addons applies search-time knowledge to events. It is safe for
// concurrent use.
type Addons struct {
	stanzas    []*stanza
	eventtypes []*eventtype
	plans      sync.Map // source\x00sourcetype\x00host -> *plan
	// etCandidates: source\x00sourcetype\x00host -> []*eventtype whose
	// metadata terms accept it (eventtype_guard.go).
	etCandidates sync.Map
	indexPlans   sync.Map // source\x00sourcetype\x00host -> *indexPlan (nil: none)
	// xforms: source\x00sourcetype\x00host -> []*indexTransform
	// (TRANSFORMS-); hasXforms says whether any stanza has one.
	xforms    sync.Map
	hasXforms bool
}

type eventtype struct {
	name  string
	match func(event.Row) bool
	guard func(event.Row) bool // the search's metadata terms alone; nil: none
	tags  []string
	// nested: the search names eventtype (eventtype=login loglevel=error),
	// so it is matched after the eventtypes it may refer to.
	nested bool
}

// LoadAddons reads every *.yml file of fsys (sorted by name) and compiles
// each definition once.
func LoadAddons(fsys fs.FS, c Compilers) (*Addons, error) {
	a := &Addons{}
	if err := a.addYAMLFiles(fsys, c, newSeen()); err != nil {
		return nil, err
	}
	sort.Slice(a.eventtypes, func(i, j int) bool { return a.eventtypes[i].name < a.eventtypes[j].name })
	return a, nil
}

func (a *Addons) addYAMLFiles(fsys fs.FS, c Compilers, seen seenDefs) error {
	names, err := fs.Glob(fsys, "*.yml")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		var f AddonFile
		if err := yaml.Unmarshal(data, &f); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		if err := a.addFile(path.Base(name), &f, c, seen.eventtypes, seen.attrs); err != nil {
			return err
		}
	}
	return nil
}

func (a *Addons) addFile(file string, f *AddonFile, c Compilers, seenET, seenAttr map[string]string) error {
	tables := map[string]*lookupTable{}
	for name, def := range f.Lookups {
		t, err := compileLookupTable(name, def)
		if err != nil {
			return fmt.Errorf("%s: %v", file, err)
		}
		tables[name] = t
	}
	transforms, indexTransforms, err := compileTransforms(f.Transforms, c)
	if err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	defs := &fileDefs{tables: tables, transforms: transforms, indexTransforms: indexTransforms}
	for spec, attrs := range f.Props {
		st, err := compileStanza(file, spec, attrs, c, defs)
		if err != nil {
			return err
		}
		for k := range attrs {
			key := spec + "\x00" + k
			if prev, dup := seenAttr[key]; dup {
				return fmt.Errorf("%s: [%s] %s is already defined in %s", file, spec, k, prev)
			}
			seenAttr[key] = file
		}
		a.addStanza(st)
	}
	for name, def := range f.Eventtypes {
		if prev, dup := seenET[name]; dup {
			return fmt.Errorf("%s: eventtype %s is already defined in %s", file, name, prev)
		}
		seenET[name] = file
		if c.Search == nil {
			return fmt.Errorf("%s: eventtype %s: no SPL search compiler", file, name)
		}
		m, err := c.Search(def.Search)
		if err != nil {
			return fmt.Errorf("%s: eventtype %s: %v", file, name, err)
		}
		tags := append([]string(nil), def.Tags...)
		sort.Strings(tags)
		a.eventtypes = append(a.eventtypes, &eventtype{name: name, match: m, guard: metaGuard(def.Search, c.Search), tags: tags,
			nested: strings.Contains(strings.ToLower(def.Search), "eventtype")})
	}
	return nil
}

// Apply adds the search-time fields of the matching props stanzas, then
// eventtype and tag, to row in place - in Splunk's search-time order:
// EXTRACT, REPORT, KV_MODE, FIELDALIAS, EVAL (calculated fields), LOOKUP,
// eventtypes, tags (KV_MODE = winxml, which stands for indexed
// extractions, runs first).
func (a *Addons) Apply(row event.Row) {
	p := a.plan(row.Get(event.Source).First(), row.Get(event.Sourcetype).First(), row.Get(event.Host).First())
	p.apply(row)
	a.applyEventtypes(row)
}

func (a *Addons) applyEventtypes(row event.Row) {
	cands := a.eventtypes
	if plainMetadata(row) {
		cands = a.candidates(row.Get(event.Source).First(), row.Get(event.Sourcetype).First(), row.Get(event.Host).First())
	}
	var onStack [64]bool // no allocation per event for the usual few candidates
	matched := onStack[:0]
	if len(cands) <= len(onStack) {
		matched = onStack[:len(cands)]
	} else {
		matched = make([]bool, len(cands))
	}
	nested := false
	for i, et := range cands {
		nested = nested || et.nested
		matched[i] = !et.nested && et.match(row)
	}
	// An eventtype may refer to others ("Event type definitions can also
	// refer to other event types", Implementing Splunk, event types): those
	// are matched against the names found so far, until none is added.
	for changed := nested; changed; {
		changed = false
		row.Set("eventtype", matchedNames(cands, matched))
		for i, et := range cands {
			if et.nested && !matched[i] && et.match(row) {
				matched[i], changed = true, true
			}
		}
	}
	var names, tags event.Value
	seen := map[string]bool{}
	for i, et := range cands {
		if !matched[i] {
			continue
		}
		names = append(names, et.name)
		for _, t := range et.tags {
			if !seen[t] {
				seen[t] = true
				tags = append(tags, t)
			}
		}
	}
	sort.Strings(tags)
	row.Set("eventtype", names)
	row.Set("tag", tags)
	row.Set("tag::eventtype", tags)
}

func matchedNames(cands []*eventtype, matched []bool) event.Value {
	var names event.Value
	for i, et := range cands {
		if matched[i] {
			names = append(names, et.name)
		}
	}
	return names
}

func (a *Addons) plan(source, sourcetype, host string) *plan {
	key := source + "\x00" + sourcetype + "\x00" + host
	if p, ok := a.plans.Load(key); ok {
		return p.(*plan)
	}
	p := buildPlan(a.stanzas, source, sourcetype, host)
	a.plans.Store(key, p)
	return p
}

// stanzaKind orders stanza types by Splunk precedence: source beats host
// beats sourcetype beats [default].
type stanzaKind int

const (
	kindDefault    stanzaKind = iota - 1 // [default]: every event, weakest
	kindSourcetype                       // 0
	kindHost
	kindSource
)

type stanza struct {
	file, spec string
	kind       stanzaKind
	pattern    *regexp.Regexp // nil: exact match on value
	value      string
	attrs      map[string]*attr
}

func (s *stanza) matches(source, sourcetype, host string) bool {
	v := sourcetype
	switch s.kind {
	case kindDefault:
		return true
	case kindSource:
		v = source
	case kindHost:
		v = host
	}
	if s.pattern != nil {
		return s.pattern.MatchString(v)
	}
	return v == s.value
}

// parseSpec reads a stanza name: default (Splunk's [default]: every
// event), source::<pattern>, host::<pattern> or a sourcetype name (exact,
// case-sensitive as Splunk source types are). Patterns use props.conf
// wildcards: "..." spans path separators, "*" does not; a leading (?i)
// makes the match case-insensitive.
func parseSpec(spec string) (stanzaKind, string, *regexp.Regexp, error) {
	if spec == "default" {
		return kindDefault, spec, nil, nil
	}
	kind, v := kindSourcetype, spec
	if rest, ok := strings.CutPrefix(spec, "source::"); ok {
		kind, v = kindSource, rest
	} else if rest, ok := strings.CutPrefix(spec, "host::"); ok {
		kind, v = kindHost, rest
	} else if strings.Contains(spec, "::") {
		return 0, "", nil, fmt.Errorf("unsupported stanza type %q", spec)
	}
	if v == "" {
		return 0, "", nil, fmt.Errorf("empty stanza %q", spec)
	}
	if kind == kindSourcetype || !strings.ContainsAny(v, "*") && !strings.Contains(v, "...") && !strings.HasPrefix(v, "(?i)") {
		return kind, v, nil, nil
	}
	re, err := regexp.Compile(wildcardRegex(v))
	return kind, v, re, err
}

func wildcardRegex(p string) string {
	var sb strings.Builder
	if rest, ok := strings.CutPrefix(p, "(?i)"); ok {
		sb.WriteString("(?i)")
		p = rest
	}
	sb.WriteString("^")
	for len(p) > 0 {
		switch {
		case strings.HasPrefix(p, "..."):
			sb.WriteString(".*")
			p = p[3:]
		case p[0] == '*':
			sb.WriteString(`[^/\\]*`)
			p = p[1:]
		default:
			sb.WriteString(regexp.QuoteMeta(p[:1]))
			p = p[1:]
		}
	}
	sb.WriteString("$")
	return sb.String()
}

// ApplyAll applies the add-ons to every row, spread over the CPUs.
func (a *Addons) ApplyAll(rows []event.Row) {
	workers := runtime.GOMAXPROCS(0)
	if workers > len(rows)/256+1 {
		workers = len(rows)/256 + 1
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(rows); i += workers {
				a.Apply(rows[i])
			}
		}(w)
	}
	wg.Wait()
}
