package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// A fieldTransform is one transforms.conf search-time field extraction, run by
// a props.conf REPORT-<class> = <name>[, <name>...]. The settings and their
// meaning are those of transforms.conf.spec (Splunk Enterprise 9.4):
//
//   - REGEX: named groups become fields; _KEY_<x>/_VAL_<x> pairs name a
//     field by the text they match; with FORMAT, "<name>::<value> ..."
//     where either side is a literal or $<group>.
//   - DELIMS (instead of REGEX): one quoted set of delimiter characters
//     splits the text into values, named by FIELDS in order (or read as
//     name, value, name, value...); a second set splits each pair into
//     name and value.
//   - SOURCE_KEY: the text matched - _raw (default), a field, field:<name>,
//     or fields:<a>,<b> (their values joined by a space).
//   - MV_ADD: a field the event already has gets the new value appended;
//     without it (the default) the new value is discarded.
//   - CLEAN_KEYS (default true): names read from the text have every
//     character but [A-Za-z0-9] replaced by "_" and leading "_" and digits
//     stripped.
//   - KEEP_EMPTY_VALS (default false): keep fields whose value is "".
//   - CAN_OPTIMIZE, MATCH_LIMIT, DEPTH_LIMIT: only change how much work
//     Splunk may skip (or PCRE may spend); accepted, no effect here.
//   - REPEAT_MATCH: "only valid for index-time field extractions"; and
//     LOOKAHEAD: "valid for all index time transforms" (how many
//     characters are searched); accepted and ignored, as Splunk ignores
//     them at search time.
//
// Anything else (DEST_KEY, WRITE_META, ... : index-time transforms) is a
// load error naming the transform and the setting.
type fieldTransform struct {
	name      string
	re        addonRegex
	format    []formatPair // nil: the regex's named groups
	dynamic   bool         // a field name comes from the text: match repeatedly
	delims    [][]byte     // 1 or 2 delimiter sets; nil: REGEX
	fields    []string     // FIELDS, with DELIMS
	source    []string     // nil: _raw; else the fields joined by a space
	mvAdd     bool
	cleanKeys bool
	keepEmpty bool
}

// formatPair is one <name>::<value> of FORMAT; a term with group > 0 is
// $<group>, else the literal text.
type formatPair struct{ key, val formatTerm }

type formatTerm struct {
	lit   string
	group int
}

// transformSettings are the search-time settings a transform may carry.
var transformSettings = []string{"REGEX", "FORMAT", "DELIMS", "FIELDS", "SOURCE_KEY", "MV_ADD", "CLEAN_KEYS",
	"KEEP_EMPTY_VALS", "CAN_OPTIMIZE", "REPEAT_MATCH", "LOOKAHEAD", "MATCH_LIMIT", "DEPTH_LIMIT"}

// compileTransform reads one transforms.conf stanza.
func compileTransform(name string, settings map[string]string) (*fieldTransform, error) {
	t := &fieldTransform{name: name, cleanKeys: true}
	known := map[string]bool{}
	for _, k := range transformSettings {
		known[k] = true
	}
	for _, k := range sortedKeys(settings) {
		if !known[k] {
			return nil, fmt.Errorf("transform [%s]: %s is not a search-time extraction setting (want %s)", name, k, strings.Join(transformSettings, ", "))
		}
	}
	var err error
	for key, dst := range map[string]*bool{"MV_ADD": &t.mvAdd, "CLEAN_KEYS": &t.cleanKeys, "KEEP_EMPTY_VALS": &t.keepEmpty} {
		if v, ok := settings[key]; ok {
			if *dst, err = confBool(v); err != nil {
				return nil, fmt.Errorf("transform [%s] %s: %v", name, key, err)
			}
		}
	}
	t.source = sourceKey(settings["SOURCE_KEY"])
	if err := t.compileExtraction(settings); err != nil {
		return nil, fmt.Errorf("transform [%s]: %v", name, err)
	}
	return t, nil
}

func (t *fieldTransform) compileExtraction(settings map[string]string) error {
	re, delims := settings["REGEX"], settings["DELIMS"]
	switch {
	case re != "" && delims != "":
		return fmt.Errorf("both REGEX and DELIMS")
	case delims != "":
		return t.compileDelims(delims, settings["FIELDS"])
	case re == "":
		return fmt.Errorf("neither REGEX nor DELIMS")
	}
	if settings["FIELDS"] != "" {
		return fmt.Errorf("FIELDS needs DELIMS")
	}
	rx, err := compileAddonRegex(re)
	if err != nil {
		return fmt.Errorf("REGEX: %v", err)
	}
	if rx.NumSubexp() == 0 {
		return fmt.Errorf("REGEX has no capturing group")
	}
	t.re = rx
	if f := strings.TrimSpace(settings["FORMAT"]); f != "" {
		return t.compileFormat(f)
	}
	for _, n := range rx.SubexpNames() {
		t.dynamic = t.dynamic || strings.HasPrefix(n, "_KEY_")
	}
	if !t.dynamic && !hasNamedGroup(rx) {
		return fmt.Errorf("REGEX has no named group and there is no FORMAT")
	}
	return nil
}

func hasNamedGroup(re addonRegex) bool {
	for _, n := range re.SubexpNames() {
		if n != "" {
			return true
		}
	}
	return false
}

// compileFormat reads "<name>::<value>( <name>::<value>)*"; a value may
// be double-quoted to hold spaces (Splunk_TA_nix: reason::"Failed
// password"), the quotes are not part of it.
func (t *fieldTransform) compileFormat(f string) error {
	pairs, ok := formatPairs(f)
	if !ok {
		return fmt.Errorf("FORMAT %q: want <name>::<value> pairs", f)
	}
	for _, p := range pairs {
		k, v := p[0], p[1]
		key, err := t.formatTerm(k)
		if err != nil {
			return err
		}
		val, err := t.formatTerm(v)
		if err != nil {
			return err
		}
		t.dynamic = t.dynamic || key.group > 0
		t.format = append(t.format, formatPair{key, val})
	}
	return nil
}

// formatPairs splits a FORMAT into name/value pairs; false when some
// text is not a pair.
func formatPairs(f string) ([][2]string, bool) {
	var out [][2]string
	for s := strings.TrimSpace(f); s != ""; s = strings.TrimSpace(s) {
		i := strings.Index(s, "::")
		if i <= 0 || strings.ContainsAny(s[:i], " \t\"") {
			return nil, false
		}
		val, n := metaValue(s[i+2:])
		out = append(out, [2]string{s[:i], val})
		s = s[i+2+n:]
	}
	return out, len(out) > 0
}

var formatGroup = regexp.MustCompile(`^\$(\d+)$`)

func (t *fieldTransform) formatTerm(s string) (formatTerm, error) {
	m := formatGroup.FindStringSubmatch(s)
	if m == nil {
		if strings.Contains(s, "$") {
			// transforms.conf.spec: "You cannot create concatenated fields
			// with FORMAT at search time."
			return formatTerm{}, fmt.Errorf("FORMAT term %q: concatenation is index-time only", s)
		}
		return formatTerm{lit: s}, nil
	}
	n, _ := strconv.Atoi(m[1])
	if n == 0 || n > t.re.NumSubexp() {
		return formatTerm{}, fmt.Errorf("FORMAT names $%d but REGEX has %d groups", n, t.re.NumSubexp())
	}
	return formatTerm{group: n}, nil
}

func (t *fieldTransform) compileDelims(delims, fields string) error {
	sets, err := quotedList(delims, true)
	if err != nil || len(sets) == 0 || len(sets) > 2 {
		return fmt.Errorf("DELIMS %q: want one or two quoted sets of delimiter characters", delims)
	}
	for _, s := range sets {
		if s == "" {
			return fmt.Errorf("DELIMS %q: an empty delimiter set", delims)
		}
		t.delims = append(t.delims, []byte(s))
	}
	if fields != "" {
		if len(sets) == 2 {
			return fmt.Errorf("FIELDS with two DELIMS sets (the second set already names the fields)")
		}
		if t.fields, err = quotedList(fields, false); err != nil {
			return fmt.Errorf("FIELDS: %v", err)
		}
	}
	return nil
}

// quotedList reads a transforms.conf <quoted string list>: items separated
// by commas (and spaces), each quoted - with the escapes \t \n \r \\ \" -
// or, unless mustQuote, bare.
func quotedList(s string, mustQuote bool) ([]string, error) {
	var out []string
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ',' || c == ' ' || c == '\t':
			i++
		case c == '"':
			item, n, err := readQuoted(s[i:])
			if err != nil {
				return nil, err
			}
			out = append(out, item)
			i += n
		case mustQuote:
			return nil, fmt.Errorf("%q: item at %d is not quoted", s, i)
		default:
			end := strings.IndexByte(s[i:], ',')
			if end < 0 {
				end = len(s) - i
			}
			out = append(out, strings.TrimSpace(s[i:i+end]))
			i += end
		}
	}
	return out, nil
}

// readQuoted reads a double-quoted item at the start of s, returning it
// unescaped and the bytes consumed.
func readQuoted(s string) (string, int, error) {
	var sb strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '"':
			return sb.String(), i + 1, nil
		case '\\':
			if i+1 < len(s) {
				i++
				sb.WriteByte(unescapeByte(s[i]))
				continue
			}
		}
		sb.WriteByte(s[i])
	}
	return "", 0, fmt.Errorf("%q: unterminated quote", s)
}

// unescapeByte is what a backslash escape stands for: \t \n \r their
// control characters, any other character (\\, \") itself.
func unescapeByte(c byte) byte {
	switch c {
	case 't':
		return '\t'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	}
	return c
}

// sourceKey reads SOURCE_KEY: "" or _raw is the event text; field:<f> or
// a bare name one field; fields:<a>,<b> several joined by a space.
func sourceKey(v string) []string {
	v = strings.TrimSpace(v)
	switch {
	case v == "" || v == "_raw":
		return nil
	case strings.HasPrefix(v, "fields:"):
		var out []string
		for _, f := range strings.Split(strings.TrimPrefix(v, "fields:"), ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
		return out
	}
	return []string{strings.TrimPrefix(v, "field:")}
}

// confBool reads a .conf boolean as Splunk does: true/false, t/f, yes/no,
// 1/0, case-insensitive.
func confBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "t", "yes", "y", "1":
		return true, nil
	case "false", "f", "no", "n", "0":
		return false, nil
	}
	return false, fmt.Errorf("not a boolean: %q", v)
}

// compileTransforms compiles a file's transforms: section: the
// search-time ones (REPORT-) and the index-time ones (TRANSFORMS-), told
// apart by their settings.
func compileTransforms(defs map[string]map[string]string, c Compilers) (map[string]*fieldTransform, map[string]*indexTransform, error) {
	search, index := map[string]*fieldTransform{}, map[string]*indexTransform{}
	for _, n := range sortedKeys(defs) {
		if isIndexTransform(defs[n]) {
			t, err := compileIndexTransform(n, defs[n], c)
			if err != nil {
				return nil, nil, err
			}
			index[n] = t
			continue
		}
		t, err := compileTransform(n, defs[n])
		if err != nil {
			return nil, nil, err
		}
		search[n] = t
	}
	return search, index, nil
}

// reportNames reads a REPORT value: transform names separated by commas
// (and spaces), applied in the order written.
func reportNames(v string) []string {
	return strings.Fields(strings.ReplaceAll(v, ",", " "))
}
