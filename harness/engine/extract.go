package engine

import (
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// nonFieldChars are replaced by _ in extracted keys, as Splunk cleans
// field names (CLEAN_KEYS in transforms.conf defaults to true).
var nonFieldChars = regexp.MustCompile(`[^A-Za-z0-9_]`)

// extract is `extract pairdelim="..." kvdelim="..."`: _raw is split into
// pairs on any pairdelim character and each pair into key and value at
// the first kvdelim character (Search Reference, "extract"). A field the
// row already has keeps its value. Without delimiters extract applies the
// sourcetype's configured extractions, which live in the ingest layer, so
// that form is unsupported here.
func (c *compiler) extract(n *spl.GenericCommand) applyFn {
	var pairDelim, kvDelim string
	for _, a := range splitArgs(n) {
		switch a.Key {
		case "pairdelim":
			pairDelim = a.Value
		case "kvdelim":
			kvDelim = a.Value
		default:
			c.errs.unsupported(a.At, "extract option "+a.Key+a.Value, "only pairdelim= and kvdelim=")
		}
	}
	if pairDelim == "" || kvDelim == "" {
		c.errs.unsupported(n.At, "extract without pairdelim and kvdelim", "configured extractions are applied at ingest")
		return nil
	}
	return mapRows(func(r event.Row) event.Row {
		raw := r[event.Raw]
		if raw.Null() {
			return r
		}
		out, cloned := r, false
		for _, pair := range strings.FieldsFunc(raw.First(), func(ch rune) bool { return strings.ContainsRune(pairDelim, ch) }) {
			i := strings.IndexAny(pair, kvDelim)
			if i <= 0 {
				continue
			}
			key := nonFieldChars.ReplaceAllString(strings.TrimSpace(pair[:i]), "_")
			if key == "" || !out[key].Null() {
				continue
			}
			if !cloned {
				out, cloned = r.Clone(), true
			}
			out[key] = event.Value{strings.TrimSpace(pair[i+1:])}
		}
		return out
	})
}
