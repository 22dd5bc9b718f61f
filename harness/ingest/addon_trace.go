package ingest

import (
	"slices"

	"github.com/dactest/dactest/harness/event"
)

// ApplyTraced is Apply that also reports, for every field a step adds or
// changes, the definition responsible: "sysmon.yml [source::…] EVAL-process_name",
// "windows.yml [XmlWinEventLog] REPORT-0xml_kv_extract", or "eventtypes/tags". It is slower than Apply (it
// compares the row around each step) and meant for inspection, not runs.
func (a *Addons) ApplyTraced(row event.Row, note func(field, rule string)) {
	p := a.plan(row.Get(event.Source).First(), row.Get(event.Sourcetype).First(), row.Get(event.Host).First())
	for _, st := range p.ordered {
		traced(row, st.run, func(field string) { note(field, st.rule(field)) })
	}
	traced(row, a.applyEventtypes, func(field string) { note(field, "eventtypes/tags") })
}

// traced runs step and calls changed for each field it added or altered.
func traced(row event.Row, step func(event.Row), changed func(field string)) {
	before := make(map[string]event.Value, len(row))
	for k, v := range row {
		before[k] = v
	}
	step(row)
	for k, v := range row {
		if old, ok := before[k]; !ok || !slices.Equal(old, v) {
			changed(k)
		}
	}
}
