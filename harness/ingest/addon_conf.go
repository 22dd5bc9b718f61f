package ingest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// ConfProblem is one setting of a Splunk add-on's .conf files that is not
// applied. The setting is skipped and the rest of the add-on loads.
type ConfProblem struct {
	File   string
	Line   int
	Stanza string
	Key    string
	Msg    string
}

func (p ConfProblem) Error() string {
	return fmt.Sprintf("%s:%d: [%s] %s: %s", p.File, p.Line, p.Stanza, p.Key, p.Msg)
}

// confSetting is one key = value of a .conf file, with where it was read.
type confSetting struct {
	value string
	file  string
	line  int
}

// confFile is a parsed .conf: stanza -> key -> setting.
type confFile map[string]map[string]confSetting

// LoadAddonConf reads Splunk add-ons as shipped (each dir holding
// default/ and local/, or the .conf files themselves) - props.conf,
// transforms.conf, eventtypes.conf, tags.conf - maps them onto the same
// model as the YAML definitions and compiles them. local/ overrides
// default/ key by key, as Splunk layers them. What the model lacks
// (index-time settings, index-time transforms named by a REPORT, KV_MODE
// other than none/auto, tags on field values, lookups whose CSV is not in
// lookups/) and what does not compile
// comes back as problems; err is set only when a directory is unusable.
func LoadAddonConf(dirs []string, c Compilers) (*Addons, []ConfProblem, error) {
	a := &Addons{}
	var problems []ConfProblem
	seenET, seenAttr := map[string]string{}, map[string]string{}
	for _, dir := range dirs {
		f, ps, err := readAddonDir(dir, c)
		if err != nil {
			return nil, nil, err
		}
		problems = append(problems, ps...)
		if err := a.addFile(filepath.Base(dir), f, c, seenET, seenAttr); err != nil {
			return nil, nil, err
		}
	}
	sort.Slice(a.eventtypes, func(i, j int) bool { return a.eventtypes[i].name < a.eventtypes[j].name })
	return a, problems, nil
}

// readAddonDir merges the layers of one add-on and keeps only what
// compiles, so addFile cannot fail on it.
func readAddonDir(dir string, c Compilers) (*AddonFile, []ConfProblem, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, nil, err
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("%s: not a directory", dir)
	}
	layers := []string{filepath.Join(dir, "default"), filepath.Join(dir, "local")}
	if _, err := os.Stat(layers[0]); err != nil {
		layers = []string{dir}
	}
	conf := map[string]confFile{}
	for _, name := range []string{"props.conf", "transforms.conf", "eventtypes.conf", "tags.conf"} {
		merged := confFile{}
		for _, layer := range layers {
			if err := mergeConf(filepath.Join(layer, name), merged); err != nil {
				return nil, nil, err
			}
		}
		conf[name] = merged
	}
	lookups, problems := readLookups(conf["transforms.conf"], layers)
	f := &AddonFile{Name: filepath.Base(dir), Props: map[string]map[string]string{}, Eventtypes: map[string]EventtypeDef{},
		Lookups: lookups}
	problems = append(problems, mapProps(conf["props.conf"], conf["transforms.conf"], f, c)...)
	problems = append(problems, mapEventtypes(conf["eventtypes.conf"], conf["tags.conf"], f, c)...)
	sortProblems(problems)
	return f, problems, nil
}

// mergeConf parses path (absent is fine) into into, later keys winning.
func mergeConf(path string, into confFile) error {
	fh, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	stanza, lineNo := "default", 0
	for sc.Scan() {
		lineNo++
		start, line := lineNo, sc.Text()
		for strings.HasSuffix(line, `\`) && sc.Scan() { // a trailing backslash continues the value
			lineNo++
			line = strings.TrimSuffix(line, `\`) + "\n" + sc.Text()
		}
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]"):
			stanza = t[1 : len(t)-1]
		default:
			k, v, ok := strings.Cut(t, "=")
			if !ok {
				return fmt.Errorf("%s:%d: neither [stanza] nor key = value: %q", path, start, t)
			}
			if into[stanza] == nil {
				into[stanza] = map[string]confSetting{}
			}
			into[stanza][strings.TrimSpace(k)] = confSetting{strings.TrimSpace(v), path, start}
		}
	}
	return sc.Err()
}

// readLookups loads each transforms.conf file-based lookup whose CSV is in
// a layer's lookups/ folder (the add-on layout); one without its file
// stays out, and the LOOKUP naming it is reported when it is compiled. A
// loaded table's settings the model does not apply (match_type,
// time_field...) are problems.
func readLookups(transforms confFile, layers []string) (map[string]LookupDef, []ConfProblem) {
	out := map[string]LookupDef{}
	var problems []ConfProblem
	for _, name := range sortedKeys(transforms) {
		t := transforms[name]
		file := t["filename"].value
		if file == "" {
			continue
		}
		data, ok := readLookupCSV(file, layers)
		if !ok {
			continue
		}
		def, ps := lookupDefOf(name, t)
		def.CSV = data
		out[name] = def
		problems = append(problems, ps...)
	}
	return out, problems
}

func readLookupCSV(file string, layers []string) (string, bool) {
	var data []byte
	found := false
	for _, layer := range layers { // a later layer (local/) wins
		for _, dir := range []string{filepath.Join(layer, "..", "lookups"), filepath.Join(layer, "lookups")} {
			if b, err := os.ReadFile(filepath.Join(dir, file)); err == nil {
				data, found = b, true
			}
		}
	}
	return string(data), found
}

// lookupDefOf maps a lookup stanza's matching settings onto LookupDef.
func lookupDefOf(name string, t map[string]confSetting) (LookupDef, []ConfProblem) {
	def := LookupDef{CaseInsensitive: t["case_sensitive_match"].value == "false"}
	var problems []ConfProblem
	for _, k := range sortedKeys(t) {
		s := t[k]
		var err error
		switch k {
		case "filename", "case_sensitive_match", "batch_index_query", "allow_caching", "replicate":
		case "max_matches":
			def.MaxMatches, err = strconv.Atoi(s.value)
		case "min_matches":
			def.MinMatches, err = strconv.Atoi(s.value)
		case "default_match":
			def.DefaultMatch = s.value
		default:
			err = fmt.Errorf("lookup setting not applied (the model matches exact values)")
		}
		if err != nil {
			problems = append(problems, ConfProblem{s.file, s.line, name, k, err.Error()})
		}
	}
	return def, problems
}

func sortProblems(ps []ConfProblem) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// noEffect are props.conf settings that change nothing a detection sees:
// descriptions, learning, segmentation, forwarder-side breaking, the UTF-8
// charset, timestamp sanity windows. They are skipped silently.
var noEffect = regexp.MustCompile(`^(LINE_BREAKER_LOOKBEHIND|NO_BINARY_CHECK|ANNOTATE_PUNCT|ADD_EXTRA_TIME_FIELDS|LEARN_.*|SEGMENTATION.*|CHECK_METHOD|detect_trailing_nulls|priority|category|description|pulldown_type|EVENT_BREAKER.*|LB_CHUNK_BREAKER.*|MAX_DAYS_.*|MAX_DIFF_SECS_.*|maxDist|disabled|KV_TRIM_SPACES)$`)

// indexTimeUnapplied are index-time settings the readers do not apply;
// each is named as a ConfProblem.
var indexTimeUnapplied = regexp.MustCompile(`^(CHARSET|HEADER_FIELD_LINE_NUMBER|HEADER_FIELD_DELIMITER|FIELD_DELIMITER|FIELD_QUOTE|FIELD_NAMES|PREAMBLE_REGEX|FIELD_HEADER_REGEX|MISSING_VALUE_REGEX|rename|sourcetype|TRANSFORMS(-.*)?|SEDCMD-.*|AUTO_KV_JSON|JSON_TRIM_BRACES_IN_ARRAY_NAMES|CHECK_FOR_HEADER|unarchive_cmd|invalid_cause|is_valid|HEADER_MODE|MATCH_LIMIT|DEPTH_LIMIT|DETERMINE_TIMESTAMP_DATE_WITH_SYSTEM_TIME|INGEST_EVAL|METRIC-SCHEMA-TRANSFORMS)$`)
