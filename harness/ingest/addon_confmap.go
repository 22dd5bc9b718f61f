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
	for _, spec := range sortedKeys(props) {
		if _, _, _, err := parseSpec(spec); err != nil || spec == "default" {
			continue // [default] and unusable stanza names set nothing here
		}
		for _, key := range sortedKeys(props[spec]) {
			s := props[spec][key]
			k, v, msg := mapPropsSetting(key, s.value, transforms)
			if msg == "" {
				if _, err := compileAttr(k, v, c, tables); err != nil {
					msg = err.Error()
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
func mapPropsSetting(key, value string, transforms confFile) (k, v, msg string) {
	switch {
	case key == "KV_MODE":
		if value == "none" || value == "auto" {
			return key, value, ""
		}
		return "", "", fmt.Sprintf("KV_MODE = %s is not modelled (none and auto are)", value)
	case strings.HasPrefix(key, "EXTRACT-"), strings.HasPrefix(key, "FIELDALIAS-"), strings.HasPrefix(key, "EVAL-"):
		return key, value, ""
	case strings.HasPrefix(key, "REPORT-"):
		return reportAsExtract(key, value, transforms)
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

// reportAsExtract maps REPORT-x = t to an EXTRACT when transform t is a
// REGEX with named groups (and at most SOURCE_KEY): the same fields.
// FORMAT, DELIMS and several transforms are reported, not guessed.
func reportAsExtract(key, value string, transforms confFile) (k, v, msg string) {
	names := strings.Fields(strings.ReplaceAll(value, ",", " "))
	if len(names) != 1 {
		return "", "", "REPORT with several transforms is not supported"
	}
	t, ok := transforms[names[0]]
	if !ok {
		return "", "", fmt.Sprintf("transforms.conf has no [%s]", names[0])
	}
	for tk := range t {
		if tk != "REGEX" && tk != "SOURCE_KEY" && tk != "CLEAN_KEYS" && tk != "MV_ADD" {
			return "", "", fmt.Sprintf("transform [%s] uses %s, which is not supported", names[0], tk)
		}
	}
	re := t["REGEX"].value
	if !strings.Contains(re, "(?<") && !strings.Contains(re, "(?P<") {
		return "", "", fmt.Sprintf("transform [%s] has no named group and no FORMAT", names[0])
	}
	if src := t["SOURCE_KEY"].value; src != "" && src != "_raw" {
		re += " in " + strings.TrimPrefix(src, "field:")
	}
	// "~" sorts after every letter, so these run after the add-on's own
	// EXTRACTs, as Splunk runs REPORT after EXTRACT.
	return "EXTRACT-~" + strings.TrimPrefix(key, "REPORT-"), re, ""
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
