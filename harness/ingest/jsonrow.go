package ingest

import (
	"strings"
	"time"

	"github.com/dactest/dactest/harness/event"
)

// jsonTimeFields are the record fields _time is read from, first found
// wins: @timestamp (Logstash, OTRF: the only zoned stamp in those records;
// their EventTime is the collector's local time), timestamp, eventTime
// (CloudTrail), EventTime (NXLog, as in attack_data's tar.gz captures),
// TimeCreated / SystemTime / UtcTime (Windows renderings), TimeGenerated
// (Azure Log Analytics exports, as OTRF's Log4Shell sets), evtx_dump's
// SystemTime attribute, time, and Zeek's epoch ts. A record with none of
// them takes the previous record's _time, as Splunk does for an event
// without a timestamp; the first such record has no _time.
var jsonTimeFields = []string{
	"@timestamp", "timestamp", "eventTime", "EventTime", "TimeCreated",
	"SystemTime", "UtcTime", "TimeGenerated", "Event.System.TimeCreated.#attributes.SystemTime",
	"time", "ts", "date",
}

// reservedNames are the indexed fields a record's own keys may not
// replace: Splunk keeps the input's host, source and sourcetype, and _raw
// and _time are the event itself.
var reservedNames = map[string]bool{
	event.Raw: true, event.Time: true, event.Host: true, event.Source: true, event.Sourcetype: true,
}

// extractedNames: a JSON key named like a default field is kept as
// extracted_<name>, as Splunk's search-time JSON extraction names it
// (security_content's PingID data source lists extracted_source for a
// record with a "source" key).
var extractedNames = map[string]string{
	event.Host: "extracted_host", event.Source: "extracted_source", event.Sourcetype: "extracted_sourcetype",
}

// jsonRowBuilder turns JSON records into events with spath-named fields.
// One per reader: it reuses its parser and interns field names.
type jsonRowBuilder struct {
	meta     Meta
	loc      *time.Location
	p        jsonParser
	names    map[string]string
	row      event.Row
	lastTime string
	fields   int         // fields of the previous record: the next row's size hint
	slab     []string    // backing store for single values, one allocation per record
	clock    *eventClock // the index plan's TIMESTAMP_FIELDS / TIME_FORMAT; nil: jsonTimeFields
}

func newJSONRowBuilder(meta Meta, loc *time.Location) *jsonRowBuilder {
	b := &jsonRowBuilder{meta: meta, loc: loc, names: map[string]string{}}
	b.p.emit = b.add
	return b
}

// build parses one record; raw becomes _raw.
func (b *jsonRowBuilder) build(raw string) (event.Row, error) {
	b.row = newRowSized(raw, "", b.meta, "", b.fields+8)
	b.slab = make([]string, 0, b.fields+8)
	b.p.s, b.p.i, b.p.depth, b.p.path = raw, 0, 0, b.p.path[:0]
	if err := b.p.document(); err != nil {
		return nil, err
	}
	if t, ok := b.planOrRecordTime(raw); ok {
		b.lastTime = epochText(t)
	}
	if b.lastTime != "" {
		b.row[event.Time] = event.Single(b.lastTime)
	}
	b.fields = len(b.row)
	return b.row, nil
}

func (b *jsonRowBuilder) add(path []byte, v string) {
	name, ok := b.names[string(path)]
	if !ok {
		name = string(path)
		if len(b.names) < 1<<14 {
			b.names[name] = name
		}
	}
	if reservedNames[name] {
		alt, ok := extractedNames[name]
		if !ok {
			return
		}
		name = alt
	}
	if old, ok := b.row[name]; ok {
		b.row[name] = append(old, v) // an array: multivalue
		return
	}
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]string, 0, 16)
	}
	b.slab = append(b.slab, v)
	n := len(b.slab)
	b.row[name] = b.slab[n-1 : n : n]
}

func (b *jsonRowBuilder) recordTime() (time.Time, bool) {
	for _, f := range jsonTimeFields {
		v := b.row[f]
		if len(v) == 0 {
			continue
		}
		if t, ok := parseISOTime(v[0], b.loc); ok {
			return t, true
		}
		if f == "ts" || f == "time" {
			if t, ok := parseEpoch(v[0]); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// jsonLeavesInto adds the spath-named leaves of a text event that is one
// JSON object, as Splunk's search-time JSON extraction does for any event
// whose text is JSON (KV_MODE = json, or auto with AUTO_KV_JSON), whatever
// read it: a capture whose first line is not JSON is read as text, and its
// JSON events must not lose their fields. Text that is not valid JSON adds
// nothing; fields the event has keep their values.
func (b *jsonRowBuilder) jsonLeavesInto(row event.Row, raw string) {
	t := strings.TrimSpace(raw)
	if t == "" || t[0] != '{' {
		return
	}
	b.row, b.slab = event.Row{}, nil
	b.p.s, b.p.i, b.p.depth, b.p.path = t, 0, 0, b.p.path[:0]
	if b.p.document() != nil {
		return
	}
	for k, v := range b.row {
		if _, ok := row[k]; !ok {
			row[k] = v
		}
	}
}
