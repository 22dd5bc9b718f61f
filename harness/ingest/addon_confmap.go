package ingest

import (
	"fmt"
	"sort"
	"strings"
)

// mapProps keeps the props.conf settings the model has, each compiled on
// its own so one bad setting costs only itself.
func mapProps(props, transforms confFile, f *AddonFile, c Compilers) []ConfProblem {
	var problems []ConfProblem
	tables := map[string]*lookupTable{}
	for name, def := range f.Lookups {
		if t, err := compileLookupTable(name, def); err == nil {
			tables[name] = t
		} else {
			delete(f.Lookups, name)
		}
	}
	defs := &fileDefs{tables: tables, transforms: map[string]*fieldTransform{}, indexTransforms: map[string]*indexTransform{}}
	for _, spec := range sortedKeys(props) {
		if why := unmodelledStanza(spec); why != "" {
			if p, ok := stanzaProblem(spec, props[spec], why); ok {
				problems = append(problems, p)
			}
			continue
		}
		for _, key := range sortedKeys(props[spec]) {
			s := props[spec][key]
			k, v, msg := mapPropsSetting(key, s.value)
			if strings.HasPrefix(key, "REPORT-") || strings.HasPrefix(key, "TRANSFORMS-") {
				var bad []string
				v, bad = mapTransforms(key, s.value, transforms, f, defs, c)
				for _, b := range bad {
					problems = append(problems, ConfProblem{s.file, s.line, spec, key, b})
				}
				if v == "" {
					continue
				}
			}
			if msg == "" {
				if _, err := compileAttr(k, v, c, defs); err != nil {
					msg = err.Error()
					if why := nonCSVLookup(key, v, transforms); why != "" {
						msg = why
					}
				}
			}
			if msg != "" {
				if msg != "-" {
					problems = append(problems, ConfProblem{s.file, s.line, spec, key, msg})
				}
				continue
			}
			if f.Props[spec] == nil {
				f.Props[spec] = map[string]string{}
			}
			f.Props[spec][k] = v
		}
	}
	return problems
}

// mapPropsSetting returns the model's attribute for one setting, or why
// it has none ("-": a setting that changes nothing a detection sees).
func mapPropsSetting(key, value string) (k, v, msg string) {
	switch {
	case key == "KV_MODE":
		// Values are matched without case: the Defender Advanced Hunting
		// add-on ships KV_MODE = JSON.
		value = strings.ToLower(value)
		if value == "none" || value == "auto" {
			return key, value, ""
		}
		if value == "json" {
			// The JSON reader already gives every leaf as spath names it,
			// which is what KV_MODE = json extracts (FORMATS.md); none
			// keeps the [default] stanza's key=value extraction off, as
			// json replaces auto in Splunk.
			return key, "none", ""
		}
		return "", "", fmt.Sprintf("KV_MODE = %s is not modelled (none and auto are)", value)
	case strings.HasPrefix(key, "EXTRACT-"), strings.HasPrefix(key, "FIELDALIAS-"), strings.HasPrefix(key, "EVAL-"),
		strings.HasPrefix(key, "REPORT-"), strings.HasPrefix(key, "TRANSFORMS-"):
		return key, value, ""
	case strings.HasPrefix(key, "LOOKUP-"):
		return key, value, "" // compiling it says when its table is missing
	case indexSettings[key] != nil:
		return key, value, "" // compiling it says what is wrong with it
	case key == "CHARSET" && (strings.EqualFold(value, "UTF-8") || strings.EqualFold(value, "AUTO")),
		noEffect.MatchString(key):
		return "", "", "-"
	case indexTimeUnapplied.MatchString(key):
		return "", "", "index-time setting not applied by the dataset readers"
	}
	return "", "", "search-time setting not supported"
}

// mapTransforms keeps the transforms of REPORT-x (search time) or
// TRANSFORMS-x (index time) = a, b, ... that compile, in their order,
// copying their transforms.conf stanzas into f; each one that is missing
// or does not compile is a problem, and the rest of the setting still
// runs (value "" when none is left).
func mapTransforms(key, value string, transforms confFile, f *AddonFile, defs *fileDefs, c Compilers) (kept string, problems []string) {
	var good []string
	for _, name := range reportNames(value) {
		stanza, ok := transforms[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("transforms.conf has no [%s]", name))
			continue
		}
		settings := map[string]string{}
		for k, s := range stanza {
			settings[k] = s.value
		}
		if err := defs.compileConfTransform(key, name, settings, c); err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if f.Transforms == nil {
			f.Transforms = map[string]map[string]string{}
		}
		f.Transforms[name] = settings
		good = append(good, name)
	}
	return strings.Join(good, ", "), problems
}

// compileConfTransform compiles one transforms.conf stanza the way the
// props setting key uses it and keeps it in defs.
func (d *fileDefs) compileConfTransform(key, name string, settings map[string]string, c Compilers) error {
	if strings.HasPrefix(key, "TRANSFORMS-") {
		if !isIndexTransform(settings) {
			return fmt.Errorf("transform [%s] has no INGEST_EVAL, DEST_KEY or WRITE_META: it writes nothing at index time", name)
		}
		t, err := compileIndexTransform(name, settings, c)
		if err == nil {
			d.indexTransforms[name] = t
		}
		return err
	}
	t, err := compileTransform(name, settings)
	if err == nil {
		d.transforms[name] = t
	}
	return err
}

// mapEventtypes keeps each enabled eventtype whose search compiles, with
// the tags tags.conf enables for it.
func mapEventtypes(ets, tags confFile, f *AddonFile, c Compilers) []ConfProblem {
	var problems []ConfProblem
	for _, name := range sortedKeys(ets) {
		s, ok := ets[name]["search"]
		if name == "default" || !ok || ets[name]["disabled"].value == "1" || ets[name]["disabled"].value == "true" {
			continue
		}
		if c.Search == nil {
			problems = append(problems, ConfProblem{s.file, s.line, name, "search", "no SPL search compiler"})
			continue
		}
		if _, err := c.Search(s.value); err != nil {
			problems = append(problems, ConfProblem{s.file, s.line, name, "search", err.Error()})
			continue
		}
		f.Eventtypes[name] = EventtypeDef{Search: s.value, Tags: enabledTags(tags["eventtype="+name])}
	}
	for _, stanza := range sortedKeys(tags) {
		if !strings.HasPrefix(stanza, "eventtype=") && stanza != "default" {
			for _, s := range tags[stanza] {
				problems = append(problems, ConfProblem{s.file, s.line, stanza, "", "tags on field values are not supported (only eventtype= stanzas)"})
				break
			}
		}
	}
	return problems
}

func enabledTags(settings map[string]confSetting) []string {
	var out []string
	for tag, s := range settings {
		if s.value == "enabled" {
			out = append(out, tag)
		}
	}
	sort.Strings(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// nonCSVLookup says why a LOOKUP- naming a KV store or scripted lookup
// has no table here ("" for anything else): the data lives in the
// site's KV store or comes from a script, neither of which a replay has.
func nonCSVLookup(key, value string, transforms confFile) string {
	if !strings.HasPrefix(key, "LOOKUP-") {
		return ""
	}
	f := strings.Fields(value)
	if len(f) == 0 {
		return ""
	}
	t := transforms[f[0]]
	switch {
	case t["external_cmd"].value != "":
		return fmt.Sprintf("%s is a scripted lookup (external_cmd = %s): dactest runs no lookup scripts", f[0], t["external_cmd"].value)
	case t["collection"].value != "" || t["external_type"].value == "kvstore":
		return fmt.Sprintf("%s is a KV store lookup (collection %s): a replay has no KV store data", f[0], t["collection"].value)
	case t["filename"].value != "":
		return fmt.Sprintf("%s: its file %s is not in the add-on's lookups/ folder", f[0], t["filename"].value)
	}
	return ""
}

// unmodelledStanza says why a props.conf stanza is not applied ("" when
// it is): a [default] stanza would change every sourcetype of the
// deployment, and rule::, delayedrule:: (source type recognition) or
// (?::){0} sourcetype patterns are not stanza kinds the model has.
func unmodelledStanza(spec string) string {
	if spec == "default" {
		return "an add-on's [default] stanza would apply to every sourcetype; only its named stanzas are applied"
	}
	if _, _, _, err := parseSpec(spec); err != nil {
		return err.Error() + " (source, host and exact sourcetype stanzas are modelled)"
	}
	return ""
}

// stanzaProblem is one problem for a whole stanza, at its first setting
// that would change something; none when every setting is inert.
func stanzaProblem(spec string, settings map[string]confSetting, why string) (ConfProblem, bool) {
	for _, k := range sortedKeys(settings) {
		if _, _, msg := mapPropsSetting(k, settings[k].value); msg == "-" {
			continue
		}
		s := settings[k]
		return ConfProblem{s.file, s.line, spec, k, why}, true
	}
	return ConfProblem{}, false
}
