package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/engine"
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
// model as the YAML definitions and compiles them with c. local/ overrides
// default/ key by key, as Splunk layers them. What the model lacks
// (index-time settings, index-time transforms named by a REPORT, KV_MODE
// other than none/auto, tags on field values, lookups whose CSV is not in
// lookups/) and what does not compile
// comes back as problems; err is set only when a directory is unusable.
// A setting (stanza and key) or eventtype a previous directory already
// defines is a problem too: Splunk would take one by app precedence.
func LoadAddonConf(dirs []string, c Compilers) (*Addons, []ConfProblem, error) {
	return loadAddonConf(&Addons{}, newSeen(), dirs, func(*EvalTables) Compilers { return c })
}

// LoadAddonConfEngine is LoadAddonConf with the engine's compilers, whose
// EVAL lookup() reads every CSV lookup the add-ons' transforms.conf define
// (lookup definitions are shared globally, Splunk search reference,
// lookup()), so a real TA's lookup() EVAL compiles.
func LoadAddonConfEngine(dirs []string) (*Addons, []ConfProblem, error) {
	return loadAddonConf(&Addons{}, newSeen(), dirs, func(t *EvalTables) Compilers { return EngineCompilersWith(t) })
}

// seenDefs are the settings and eventtypes already loaded, by where.
type seenDefs struct{ eventtypes, attrs map[string]string }

func newSeen() seenDefs { return seenDefs{map[string]string{}, map[string]string{}} }

// parsedAddon is one add-on directory read but not yet compiled.
type parsedAddon struct {
	dir      string
	layers   []string
	conf     map[string]confFile
	lookups  map[string]LookupDef
	problems []ConfProblem
}

func loadAddonConf(a *Addons, seen seenDefs, dirs []string, compilers func(*EvalTables) Compilers) (*Addons, []ConfProblem, error) {
	var parsed []*parsedAddon
	for _, dir := range dirs {
		p, err := parseAddonDir(dir)
		if err != nil {
			return nil, nil, err
		}
		parsed = append(parsed, p)
	}
	c := compilers(confEvalTables(parsed))
	var problems []ConfProblem
	for _, p := range parsed {
		f, ps := p.compile(c)
		problems = append(problems, ps...)
		problems = append(problems, dropSeen(f, p.conf["props.conf"], p.dir, seen)...)
		if err := a.addFile(filepath.Base(p.dir), f, c, seen.eventtypes, seen.attrs); err != nil {
			return nil, nil, err
		}
	}
	sort.Slice(a.eventtypes, func(i, j int) bool { return a.eventtypes[i].name < a.eventtypes[j].name })
	return a, problems, nil
}

// confEvalTables are the CSV lookups of every parsed add-on (a later
// directory's table of the same name wins), for EVAL lookup().
func confEvalTables(parsed []*parsedAddon) *EvalTables {
	t := &EvalTables{Lookups: map[string]*engine.Lookup{}, NoTable: map[string]string{}}
	for _, p := range parsed {
		for name, def := range p.lookups {
			if err := t.add(name, def); err != nil {
				t.NoTable[name] = err.Error()
			}
		}
	}
	return t
}

// dropSeen removes from f what an earlier directory (or built-in file)
// already defines, each removal a problem; addFile would refuse them.
func dropSeen(f *AddonFile, props confFile, dir string, seen seenDefs) []ConfProblem {
	var problems []ConfProblem
	for spec, attrs := range f.Props {
		for k := range attrs {
			if prev, dup := seen.attrs[spec+"\x00"+k]; dup {
				s := props[spec][k]
				problems = append(problems, ConfProblem{s.file, s.line, spec, k, "already set by " + prev + " (Splunk takes one by app precedence)"})
				delete(attrs, k)
			}
		}
	}
	for name := range f.Eventtypes {
		if prev, dup := seen.eventtypes[name]; dup {
			problems = append(problems, ConfProblem{filepath.Join(dir, "eventtypes.conf"), 0, name, "search", "eventtype already defined by " + prev})
			delete(f.Eventtypes, name)
		}
	}
	sortProblems(problems)
	return problems
}

// parseAddonDir merges the layers of one add-on and reads its lookups.
func parseAddonDir(dir string) (*parsedAddon, error) {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("add-on directory %s does not exist", dir)
	}
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	layers := []string{filepath.Join(dir, "default"), filepath.Join(dir, "local")}
	if _, err := os.Stat(layers[0]); err != nil {
		layers = []string{dir}
	}
	conf := map[string]confFile{}
	found := false
	var bad []ConfProblem
	for _, name := range addonConfFiles {
		merged := confFile{}
		for _, layer := range layers {
			ps, err := mergeConf(filepath.Join(layer, name), merged)
			if err != nil {
				return nil, err
			}
			bad = append(bad, ps...)
			if _, err := os.Stat(filepath.Join(layer, name)); err == nil {
				found = true
			}
		}
		conf[name] = merged
	}
	if !found {
		return nil, noConfError(dir, layers)
	}
	lookups, problems := readLookups(conf["transforms.conf"], layers)
	return &parsedAddon{dir: dir, layers: layers, conf: conf, lookups: lookups, problems: append(bad, problems...)}, nil
}

// addonConfFiles are the .conf files an add-on's search-time knowledge is in.
var addonConfFiles = []string{"props.conf", "transforms.conf", "eventtypes.conf", "tags.conf"}

// noConfError is a directory holding none of addonConfFiles: most likely
// the folder above the add-on (apps/ rather than apps/TA-x), so the
// add-ons below it are named.
func noConfError(dir string, layers []string) error {
	var below []string
	for _, name := range addonConfFiles {
		m, _ := filepath.Glob(filepath.Join(dir, "*", "default", name))
		for _, p := range m {
			below = append(below, filepath.Dir(filepath.Dir(p)))
		}
	}
	sort.Strings(below)
	below = compactStrings(below)
	msg := fmt.Sprintf("%s: none of %s in %s", dir, strings.Join(addonConfFiles, ", "), strings.Join(layers, " or "))
	if len(below) > 0 {
		msg += "; add-ons below it: " + strings.Join(below, ", ") + " (pass each as --addon)"
	}
	return fmt.Errorf("%s", msg)
}

func compactStrings(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// compile keeps only what compiles, so addFile cannot fail on it.
func (p *parsedAddon) compile(c Compilers) (*AddonFile, []ConfProblem) {
	f := &AddonFile{Name: filepath.Base(p.dir), Props: map[string]map[string]string{}, Eventtypes: map[string]EventtypeDef{},
		Lookups: p.lookups}
	problems := append([]ConfProblem(nil), p.problems...)
	problems = append(problems, mapProps(p.conf["props.conf"], p.conf["transforms.conf"], f, c)...)
	problems = append(problems, mapEventtypes(p.conf["eventtypes.conf"], p.conf["tags.conf"], f, c)...)
	sortProblems(problems)
	return f, problems
}

// mergeConf parses path (absent is fine) into into, later keys winning.
// A line that is neither a stanza nor key = value is a problem and is
// skipped; the rest of the file is read. err is set only when the file
// cannot be read.
func mergeConf(path string, into confFile) (problems []ConfProblem, err error) {
	fh, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
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
		if start == 1 {
			t = strings.TrimPrefix(t, "\ufeff") // a UTF-8 byte order mark (files saved on Windows)
		}
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]"):
			stanza = t[1 : len(t)-1]
		default:
			k, v, ok := strings.Cut(t, "=")
			if !ok {
				problems = append(problems, ConfProblem{path, start, stanza, "", fmt.Sprintf("neither [stanza] nor key = value: %q; line skipped", t)})
				continue
			}
			if into[stanza] == nil {
				into[stanza] = map[string]confSetting{}
			}
			into[stanza][strings.TrimSpace(k)] = confSetting{strings.TrimSpace(v), path, start}
		}
	}
	return problems, sc.Err()
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
		case "match_type":
			def.Wildcard, def.CIDR, err = parseMatchType(s.value)
		default:
			err = fmt.Errorf("lookup setting not applied (the model matches exact values)")
		}
		if err != nil {
			problems = append(problems, ConfProblem{s.file, s.line, name, k, err.Error()})
		}
	}
	return def, problems
}

// matchTypeItem is one "WILDCARD(col)" / "CIDR(col)" / "EXACT(col)".
var matchTypeItem = regexp.MustCompile(`^(?i:(WILDCARD|CIDR|EXACT))\(\s*([^()]+?)\s*\)$`)

// parseMatchType reads match_type = WILDCARD(a), CIDR(b), ... (comma and
// space separated; EXACT is the default and changes nothing).
func parseMatchType(v string) (wildcard, cidr []string, err error) {
	for _, item := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		m := matchTypeItem.FindStringSubmatch(item)
		if m == nil {
			return nil, nil, fmt.Errorf("match_type %q: want WILDCARD(<field>), CIDR(<field>) or EXACT(<field>)", item)
		}
		switch strings.ToUpper(m[1]) {
		case "WILDCARD":
			wildcard = append(wildcard, m[2])
		case "CIDR":
			cidr = append(cidr, m[2])
		}
	}
	return wildcard, cidr, nil
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
var indexTimeUnapplied = regexp.MustCompile(`^(CHARSET|HEADER_FIELD_LINE_NUMBER|HEADER_FIELD_DELIMITER|FIELD_DELIMITER|FIELD_QUOTE|FIELD_NAMES|PREAMBLE_REGEX|FIELD_HEADER_REGEX|MISSING_VALUE_REGEX|rename|sourcetype|TRANSFORMS|SEDCMD-.*|AUTO_KV_JSON|JSON_TRIM_BRACES_IN_ARRAY_NAMES|CHECK_FOR_HEADER|unarchive_cmd|invalid_cause|is_valid|HEADER_MODE|MATCH_LIMIT|DEPTH_LIMIT|DETERMINE_TIMESTAMP_DATE_WITH_SYSTEM_TIME|METRIC-SCHEMA-TRANSFORMS)$`)
