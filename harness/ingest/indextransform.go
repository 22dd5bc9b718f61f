package ingest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// An indexTransform is one transforms.conf index-time transform, run by a
// props.conf TRANSFORMS-<class> = <name>[, <name>...] when an event is
// read, after line breaking and timestamping and before any search-time
// knowledge (transforms.conf.spec, Splunk Enterprise 9.x):
//
//   - INGEST_EVAL: eval assignments (ingesteval.go); when set, the REGEX
//     settings are not used.
//   - REGEX matched against SOURCE_KEY (default _raw, its first LOOKAHEAD
//     characters, default 4096), FORMAT expanded with $<n> ($0: what the
//     DEST_KEY held), written to DEST_KEY - MetaData:Host / :Source /
//     :Sourcetype (FORMAT "host::x"...), _MetaData:Index, _raw, _time,
//     queue (nullQueue drops the event), _meta - or, with WRITE_META, as
//     indexed fields "name::value ..." (FORMAT default <stanza>::$1).
//     DEFAULT_VALUE is written when the REGEX does not match; REPEAT_MATCH
//     writes every match.
//
// An indexed field is a field of the event from then on, as Splunk
// returns indexed fields at search time. The props stanzas that choose
// the transforms are those of the event's metadata before the first
// transform, as Splunk chooses them once per event.
type indexTransform struct {
	name       string
	assigns    []ingestAssign // INGEST_EVAL
	re         addonRegex
	sourceKey  string // a KEY, "field:<f>" or "fields:<a>,<b>"
	format     string
	destKey    string // "" with WRITE_META
	writeMeta  bool
	defaultVal *string
	repeat     bool
	lookahead  int
}

// indexTransformSettings are the transforms.conf settings that make a
// transform index-time; one of them (or a TRANSFORMS- naming it) puts it
// on this path.
var indexTransformSettings = map[string]bool{"INGEST_EVAL": true, "DEST_KEY": true, "WRITE_META": true,
	"DEFAULT_VALUE": true, "CLONE_SOURCETYPE": true, "STOP_PROCESSING_IF": true}

func isIndexTransform(settings map[string]string) bool {
	for k := range settings {
		if indexTransformSettings[k] {
			return true
		}
	}
	return false
}

// indexKeys are the KEYs of transforms.conf.spec a REGEX transform may
// read or write, and how each is shown to a REGEX.
var indexKeys = map[string]string{"_raw": "", "_time": "", "queue": "", "_meta": "",
	"MetaData:Host": "host::", "MetaData:Source": "source::", "MetaData:Sourcetype": "sourcetype::",
	"_MetaData:Index": "", "_TCP_ROUTING": "", "_SYSLOG_ROUTING": ""}

// compileIndexTransform reads one transforms.conf stanza used by a
// TRANSFORMS- setting; eval compiles INGEST_EVAL expressions.
func compileIndexTransform(name string, settings map[string]string, c Compilers) (*indexTransform, error) {
	t := &indexTransform{name: name, lookahead: 4096}
	for _, k := range sortedKeys(settings) {
		if err := t.set(k, strings.TrimSpace(settings[k]), c); err != nil {
			return nil, fmt.Errorf("transform [%s] %s: %v", name, k, err)
		}
	}
	if t.assigns != nil {
		return t, nil
	}
	if t.re == nil {
		return nil, fmt.Errorf("transform [%s]: an index-time transform needs REGEX or INGEST_EVAL", name)
	}
	if !t.writeMeta && t.destKey == "" {
		return nil, fmt.Errorf("transform [%s]: an index-time REGEX needs DEST_KEY or WRITE_META = true", name)
	}
	if t.format == "" {
		if t.destKey != "" {
			return nil, fmt.Errorf("transform [%s]: FORMAT is required with DEST_KEY", name)
		}
		t.format = name + "::$1" // the spec's index-time default
	}
	return t, nil
}

func (t *indexTransform) set(k, v string, c Compilers) (err error) {
	switch k {
	case "INGEST_EVAL":
		t.assigns, err = compileIngestEval(v, c)
	case "REGEX":
		if t.re, err = compileAddonRegex(v); err == nil && t.re.NumSubexp() == 0 && !strings.Contains(v, "(") {
			// the spec asks for a group, but ".*" with FORMAT = sourcetype::x
			// is the common idiom and works in Splunk
			t.re, err = compileAddonRegex("(" + v + ")")
		}
	case "FORMAT":
		t.format = v
	case "DEST_KEY":
		if _, ok := indexKeys[v]; !ok {
			return fmt.Errorf("unknown KEY %q (want one of transforms.conf's KEYS: %s)", v, strings.Join(sortedKeys(indexKeys), ", "))
		}
		t.destKey = v
	case "SOURCE_KEY":
		if _, ok := indexKeys[v]; !ok && !strings.HasPrefix(v, "field:") && !strings.HasPrefix(v, "fields:") {
			return fmt.Errorf("unknown KEY %q (want _raw, a MetaData: key, field:<name> or fields:<a>,<b>)", v)
		}
		if v == "_meta" {
			return fmt.Errorf("reading _meta as text is not modelled")
		}
		t.sourceKey = v
	case "WRITE_META":
		t.writeMeta, err = confBool(v)
	case "REPEAT_MATCH":
		t.repeat, err = confBool(v)
	case "DEFAULT_VALUE":
		t.defaultVal = &v
	case "LOOKAHEAD":
		t.lookahead, err = strconv.Atoi(v)
	case "MATCH_LIMIT", "DEPTH_LIMIT":
		// bounds on PCRE's work; the regex engines here have their own
	case "CLONE_SOURCETYPE", "STOP_PROCESSING_IF":
		return fmt.Errorf("not modelled: events this transform would clone or stop processing would be wrong, so it is refused")
	default:
		return fmt.Errorf("not an index-time transform setting")
	}
	return err
}

// apply runs the transform on row; false drops the event (queue =
// nullQueue).
func (t *indexTransform) apply(row event.Row) bool {
	if t.assigns != nil {
		return applyIngestEval(t.assigns, row)
	}
	text := t.source(row)
	if t.sourceKey == "" || t.sourceKey == "_raw" {
		text = cutRunes(text, t.lookahead)
	}
	matches := t.matches(text)
	if len(matches) == 0 {
		if t.defaultVal != nil && t.destKey != "" {
			return writeKey(row, t.destKey, *t.defaultVal)
		}
		return true
	}
	for _, m := range matches {
		out := expandFormat(t.format, m, t.dest(row))
		if t.writeMeta {
			addIndexedPairs(row, out)
			continue
		}
		if !writeKey(row, t.destKey, out) {
			return false
		}
	}
	return true
}

func (t *indexTransform) matches(text string) [][]string {
	if !t.repeat || t.destKey == "_raw" {
		if m := t.re.FindStringSubmatch(text); m != nil {
			return [][]string{m}
		}
		return nil
	}
	var out [][]string
	for _, ix := range t.re.FindAllStringSubmatchIndex(text, -1) {
		m := make([]string, len(ix)/2)
		for i := range m {
			if ix[2*i] >= 0 {
				m[i] = text[ix[2*i]:ix[2*i+1]]
			}
		}
		out = append(out, m)
	}
	return out
}

// source is the text the REGEX reads.
func (t *indexTransform) source(row event.Row) string {
	switch k := t.sourceKey; {
	case k == "" || k == "_raw":
		return row.Get(event.Raw).First()
	case strings.HasPrefix(k, "fields:"):
		var parts []string
		for _, f := range strings.Split(strings.TrimPrefix(k, "fields:"), ",") {
			parts = append(parts, row.Get(strings.TrimSpace(f)).First())
		}
		return strings.Join(parts, " ")
	case strings.HasPrefix(k, "field:"):
		return row.Get(strings.TrimPrefix(k, "field:")).First()
	}
	return readKey(row, t.sourceKey)
}

// dest is $0: what DEST_KEY held before the transform.
func (t *indexTransform) dest(row event.Row) string {
	if t.destKey == "" {
		return ""
	}
	return readKey(row, t.destKey)
}

// metaKeyField maps the metadata KEYs onto the fields that carry them.
var metaKeyField = map[string]string{"MetaData:Host": event.Host, "MetaData:Source": event.Source,
	"MetaData:Sourcetype": event.Sourcetype, "_MetaData:Index": "index", "_raw": event.Raw, "_time": event.Time}

// readKey shows a KEY as a REGEX sees it ("host::web01" for MetaData:Host).
func readKey(row event.Row, key string) string {
	f, ok := metaKeyField[key]
	if !ok {
		return ""
	}
	return indexKeys[key] + row.Get(f).First()
}

// writeKey stores a FORMAT result in a KEY; false drops the event.
func writeKey(row event.Row, key, v string) bool {
	switch key {
	case "queue":
		return v != "nullQueue"
	case "_meta":
		addIndexedPairs(row, v)
		return true
	case "_TCP_ROUTING", "_SYSLOG_ROUTING":
		return true // where a copy is forwarded: nothing a search sees
	}
	v = strings.TrimPrefix(v, indexKeys[key])
	row[metaKeyField[key]] = event.Single(v)
	return true
}

// addIndexedPairs appends the "name::value" pairs of s (values may be
// double-quoted) as indexed fields, as WRITE_META does: a field written
// twice holds both values.
func addIndexedPairs(row event.Row, s string) {
	for _, p := range splitMetaPairs(s) {
		// a fresh slice: the old one may be shared with other rows
		row[p[0]] = append(append(event.Value(nil), row[p[0]]...), p[1])
	}
}

// splitMetaPairs reads `a::1 b::"two words"` into name/value pairs.
func splitMetaPairs(s string) [][2]string {
	var out [][2]string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		i := strings.Index(s, "::")
		if i <= 0 {
			return out // text without a name: nothing Splunk could index
		}
		name, rest := s[:i], s[i+2:]
		val, n := metaValue(rest)
		out = append(out, [2]string{name, val})
		s = rest[n:]
	}
	return out
}

// metaValue reads one value: a double-quoted string (\" and \\ escape)
// or text up to the next space.
func metaValue(s string) (string, int) {
	if !strings.HasPrefix(s, `"`) {
		if i := strings.IndexAny(s, " \t"); i >= 0 {
			return s[:i], i
		}
		return s, len(s)
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case c == '"':
			return b.String(), i + 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), len(s)
}

// expandFormat replaces $<n> with group n when the regex has it ($0 is
// dest); "$" before anything else, or a group the regex lacks, stays as
// written (transforms.conf.spec: "foo$1234" yields "foo$1234").
func expandFormat(format string, m []string, dest string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '$' {
			b.WriteByte(format[i])
			continue
		}
		j := i + 1
		for j < len(format) && format[j] >= '0' && format[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(format[i+1 : j])
		switch {
		case err != nil || n >= len(m):
			b.WriteByte('$')
			continue
		case n == 0:
			b.WriteString(dest)
		default:
			b.WriteString(m[n])
		}
		i = j - 1
	}
	return b.String()
}

// cutRunes keeps the first n characters of s (n <= 0: all).
func cutRunes(s string, n int) string {
	if n <= 0 || len(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}
