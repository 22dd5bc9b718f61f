package ingest

import (
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// autoKV finds key=value pairs the way Splunk's KV_MODE = auto does: a key
// starts a word (after the start, whitespace, a comma, a semicolon or an
// opening parenthesis - Splunk lists evt_type among the fields of Falco's
// "... terminal (evt_type=execve user=root ...)", security_content
// data_sources/kubernetes_falco.yml),
// a value is double- or single-quoted (quotes dropped) or runs to the next
// whitespace, comma or semicolon. A single-quoted value holding pairs
// (linux:audit's msg='op=... res=success') gives its inner pairs too.
var autoKV = regexp.MustCompile(`(?:^|[\s,;'"(\x1d])([A-Za-z_][A-Za-z0-9_.\-]*)=("[^"]*"|'[^']*'|[^\s,;"\x1d]*)`)

// extractAutoKVInto adds every pair of _raw. A field the event already
// has (an indexed field, or a key seen earlier in the event) is kept, as
// automatic extraction never overrides one; an empty value gives no field.
// Keys are cleaned as Splunk's CLEAN_KEYS does (cleanKey).
func extractAutoKVInto(row event.Row) {
	extractPairs(row, row.Get(event.Raw).First(), 0)
}

func extractPairs(row event.Row, text string, depth int) {
	for pos := 0; pos < len(text); {
		m := autoKV.FindStringSubmatchIndex(text[pos:])
		if m == nil {
			return
		}
		key, quoted := text[pos+m[2]:pos+m[3]], text[pos+m[4]:pos+m[5]]
		addPair(row, cleanKey(key), quoted, depth)
		next := pos + m[1]
		if strings.HasSuffix(quoted, "'") || strings.HasSuffix(quoted, `"`) {
			next-- // a closing quote also starts the next key: res=success'UID="root"
		}
		pos = next
	}
}

func addPair(row event.Row, key, quoted string, depth int) {
	value := unquoteKV(quoted)
	if depth == 0 && strings.HasPrefix(quoted, "'") && strings.Contains(value, "=") {
		extractPairs(row, value, depth+1)
	}
	if _, taken := row[key]; taken || value == "" || key == "" {
		return
	}
	row[key] = event.Single(value)
}

func unquoteKV(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}
