package ingest

import (
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// apply runs the transform on one event (transforms.conf.spec semantics;
// see transform).
func (t *fieldTransform) apply(row event.Row) {
	text, ok := t.text(row)
	if !ok {
		return
	}
	if t.delims != nil {
		t.applyDelims(row, text)
		return
	}
	t.applyRegex(row, text)
}

// text is the SOURCE_KEY text; an absent source field means no extraction.
func (t *fieldTransform) text(row event.Row) (string, bool) {
	if t.source == nil {
		v := row.Get(event.Raw)
		return v.First(), !v.Null()
	}
	var parts []string
	for _, f := range t.source {
		if v := row.Get(f); !v.Null() {
			parts = append(parts, v.First())
		}
	}
	return strings.Join(parts, " "), len(parts) > 0
}

// set stores one extracted pair: an existing field keeps its value unless
// MV_ADD appends to it; an empty value is dropped unless KEEP_EMPTY_VALS.
// Names read from the text (fromText) are cleaned when CLEAN_KEYS is on.
func (t *fieldTransform) set(row event.Row, key, value string, fromText bool) {
	if fromText && t.cleanKeys {
		key = cleanKey(key)
	}
	if key == "" || value == "" && !t.keepEmpty {
		return
	}
	old, exists := row[key]
	switch {
	case !exists:
		row[key] = event.Value{value}
	case t.mvAdd:
		row[key] = append(append(event.Value(nil), old...), value)
	}
}

// applyRegex matches once, or - when field names come from the text or
// MV_ADD collects values - repeatedly through the text, as the spec says
// of FORMAT = $1::$2 and _KEY_/_VAL_ groups.
func (t *fieldTransform) applyRegex(row event.Row, text string) {
	n := 1
	if t.dynamic || t.mvAdd {
		n = -1
	}
	for _, m := range t.re.FindAllStringSubmatchIndex(text, n) {
		if t.format != nil {
			t.setFormat(row, text, m)
		} else {
			t.setGroups(row, text, m)
		}
	}
}

func group(text string, m []int, i int) (string, bool) {
	if 2*i+1 >= len(m) || m[2*i] < 0 {
		return "", false
	}
	return text[m[2*i]:m[2*i+1]], true
}

func (t *fieldTransform) setFormat(row event.Row, text string, m []int) {
	for _, p := range t.format {
		key, ok1 := p.key.resolve(text, m)
		val, ok2 := p.val.resolve(text, m)
		if ok1 && ok2 {
			t.set(row, key, val, p.key.group > 0)
		}
	}
}

func (f formatTerm) resolve(text string, m []int) (string, bool) {
	if f.group == 0 {
		return f.lit, true
	}
	return group(text, m, f.group)
}

// setGroups stores each named group; _KEY_<x> names the field whose value
// is _VAL_<x>.
func (t *fieldTransform) setGroups(row event.Row, text string, m []int) {
	names := t.re.SubexpNames()
	for i, name := range names {
		if name == "" || strings.HasPrefix(name, "_VAL_") {
			continue
		}
		v, ok := group(text, m, i)
		if !ok {
			continue
		}
		suffix, isKey := strings.CutPrefix(name, "_KEY_")
		if !isKey {
			t.set(row, name, v, false)
			continue
		}
		if j := t.re.SubexpIndex("_VAL_" + suffix); j > 0 {
			if val, ok := group(text, m, j); ok {
				t.set(row, v, val, true)
			}
		}
	}
}

// applyDelims: one set with FIELDS names the values in order (every
// delimiter counts, so empty values keep their place); one set without
// FIELDS reads name, value, name, value...; two sets split pairs, then
// each pair at its first name/value delimiter. Without FIELDS,
// consecutive delimiters count as one (transforms.conf.spec).
func (t *fieldTransform) applyDelims(row event.Row, text string) {
	if len(t.delims) == 2 {
		for _, pair := range splitDelimited(text, t.delims[0], true) {
			k, v, ok := cutAny(pair, t.delims[1])
			if ok {
				t.set(row, k, unquoteDelimited(v), true)
			}
		}
		return
	}
	if t.fields != nil {
		vals := splitDelimited(text, t.delims[0], false)
		for i, name := range t.fields {
			if i < len(vals) && name != "" {
				t.set(row, name, vals[i], false)
			}
		}
		return
	}
	toks := splitDelimited(text, t.delims[0], true)
	for i := 0; i+1 < len(toks); i += 2 {
		t.set(row, toks[i], toks[i+1], true)
	}
}

// splitDelimited cuts text at any byte of delims. A value that starts with
// a double quote runs to the closing quote (delimiters inside it are
// text, \" is a quote) and is given without its quotes. collapse drops
// the empty values consecutive delimiters make.
func splitDelimited(text string, delims []byte, collapse bool) []string {
	var isDelim [256]bool
	for _, c := range delims {
		isDelim[c] = true
	}
	var out []string
	for i := 0; i <= len(text); i++ { // each pass ends on a delimiter (or the end)
		start, v := i, ""
		if i < len(text) && text[i] == '"' {
			var sb strings.Builder
			i = readDelimitedQuote(text, i, &sb)
			start = i
			for i < len(text) && !isDelim[text[i]] {
				i++
			}
			v = sb.String() + text[start:i]
		} else {
			for i < len(text) && !isDelim[text[i]] {
				i++
			}
			v = text[start:i]
		}
		if v != "" || !collapse {
			out = append(out, v)
		}
	}
	return out
}

// readDelimitedQuote copies the quoted value starting at text[i] into sb
// and returns the index after its closing quote (or the end).
func readDelimitedQuote(text string, i int, sb *strings.Builder) int {
	for i++; i < len(text); i++ {
		switch {
		case text[i] == '\\' && i+1 < len(text) && text[i+1] == '"':
			sb.WriteByte('"')
			i++
		case text[i] == '"':
			return i + 1
		default:
			sb.WriteByte(text[i])
		}
	}
	return i
}

// cutAny splits s at the first byte of seps.
func cutAny(s string, seps []byte) (string, string, bool) {
	if i := strings.IndexAny(s, string(seps)); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return "", "", false
}

func unquoteDelimited(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return strings.ReplaceAll(v[1:len(v)-1], `\"`, `"`)
	}
	return v
}
