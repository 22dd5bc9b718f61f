package replay

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dactest/dactest/harness/event"
)

// metaFields are the fields Splunk indexes every event with; add-ons key
// their extractions on source and sourcetype.
var metaFields = []string{event.Source, event.Sourcetype, event.Host}

// MetaTally counts, event by event, the events lacking source,
// sourcetype or host, so a stream can be judged without keeping it.
type MetaTally struct {
	Events, Lacking int
	seen            map[string]bool
}

// Add counts one event.
func (t *MetaTally) Add(r event.Row) {
	t.Events++
	lacks := false
	for _, f := range metaFields {
		if r.Get(f).Null() {
			if t.seen == nil {
				t.seen = map[string]bool{}
			}
			t.seen[f], lacks = true, true
		}
	}
	if lacks {
		t.Lacking++
	}
}

// Missing names the fields some event lacked, in metaFields order.
func (t *MetaTally) Missing() []string {
	var out []string
	for _, f := range metaFields {
		if t.seen[f] {
			out = append(out, f)
		}
	}
	return out
}

// Warning says, for one file, which metadata its events lack; "" when
// none lack any.
func (t *MetaTally) Warning(path string) string {
	if t.Lacking == 0 {
		return ""
	}
	missing := t.Missing()
	why := "a search on host and [host::...] add-on stanzas miss them"
	if slices.Contains(missing, event.Source) || slices.Contains(missing, event.Sourcetype) {
		why = "add-ons key their extractions on source and sourcetype, so these events get none"
	}
	return fmt.Sprintf("%s: %d of %d events have no %s: the file does not name them and nothing else did (%s)",
		path, t.Lacking, t.Events, strings.Join(missing, ", "), why)
}

// MissingMeta counts the rows lacking source, sourcetype or host and
// names which of them are missing from at least one row. A JSON-lines
// capture (attack_data's NXLog tar.gz) carries none: only the test, a
// descriptor or the command line can give them.
func MissingMeta(rows []event.Row) (events int, missing []string) {
	var t MetaTally
	for _, r := range rows {
		t.Add(r)
	}
	return t.Lacking, t.Missing()
}

// MetaWarning says, for one file, which metadata its events lack; "" when
// none lack any.
func MetaWarning(path string, rows []event.Row) string {
	var t MetaTally
	for _, r := range rows {
		t.Add(r)
	}
	return t.Warning(path)
}

// Labelled returns the rows having source and sourcetype, and how many
// lacked either: events Splunk would index under another input's labels.
func Labelled(rows []event.Row) (kept []event.Row, dropped int) {
	kept = rows[:0:0]
	for _, r := range rows {
		if r.Get(event.Source).Null() || r.Get(event.Sourcetype).Null() {
			dropped++
			continue
		}
		kept = append(kept, r)
	}
	return kept, dropped
}
