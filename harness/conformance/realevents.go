package conformance

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
)

// RealEvents finds a real Windows event by channel and EventID in folders
// of captured events (EVTX files, XmlWinEventLog text). It stands in for
// an example_log that the content file cut short: the fields that lived
// in the cut part can only come from an event that has it.
type RealEvents struct {
	dirs  []string // indexed on first use
	once  sync.Once
	byKey map[string]realEvent
}

// realEvent is one captured event, before any add-on, and how many XML
// fields it has.
type realEvent struct {
	file   string
	record int
	row    event.Row
	fields int
}

// NewRealEvents looks in dirs (nil: never finds one).
func NewRealEvents(dirs []string) *RealEvents { return &RealEvents{dirs: dirs} }

// DefaultEventDirs: the corpus folders beside a content tree that hold
// XML-renderable Windows events (the Security-Datasets NXLog JSON is not
// XmlWinEventLog and is left out).
func DefaultEventDirs(contentDir string) []string {
	if contentDir == "" {
		return nil
	}
	var out []string
	for _, name := range []string{"evtx-to-mitre", "attack_data", "evtx-attack-samples", "sigma"} {
		d := filepath.Join(filepath.Dir(filepath.Clean(contentDir)), name)
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			out = append(out, d)
		}
	}
	return out
}

func eventKey(channel, eventID string) string { return channel + "\x00" + eventID }

// find returns the event of that channel and EventID with the most
// fields (the first, in path order, of those), with its own copy of the
// fields.
func (r *RealEvents) find(channel, eventID string) (realEvent, bool) {
	if r == nil {
		return realEvent{}, false
	}
	r.once.Do(r.index)
	ev, ok := r.byKey[eventKey(channel, eventID)]
	if ok {
		ev.row = cloneRow(ev.row)
	}
	return ev, ok
}

func (r *RealEvents) index() {
	r.byKey = map[string]realEvent{}
	for _, dir := range r.dirs {
		for _, path := range eventFiles(dir) {
			r.indexFile(path)
		}
	}
}

// eventFiles lists a folder's EVTX and XML text files in path order.
func eventFiles(dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".evtx", ".log", ".raw", ".xml":
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func (r *RealEvents) indexFile(path string) {
	rows, _, err := ingest.ReadFile(path, ingest.Meta{})
	if err != nil {
		return
	}
	for i, row := range rows {
		channel, eventID, fields := "", "", 0
		ingest.ExtractWinXML(row.Get(event.Raw).First(), func(name, value string) {
			fields++
			switch name {
			case "Channel":
				channel = value
			case "EventID":
				eventID = value
			}
		})
		if channel == "" || eventID == "" {
			continue
		}
		// The event with the most fields stands in best for a whole one
		// (a 4104 typed at the console has no Path); ties keep the first.
		key := eventKey(channel, eventID)
		if seen, ok := r.byKey[key]; !ok || fields > seen.fields {
			r.byKey[key] = realEvent{file: path, record: i + 1, row: row, fields: fields}
		}
	}
}

func cloneRow(r event.Row) event.Row {
	out := make(event.Row, len(r))
	for k, v := range r {
		out[k] = v
	}
	return out
}
