package runner

import (
	"regexp"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
)

// PlanSurvey pairs every runnable detection of c (not deprecated, not a
// Correlation search, compiled by the engine) with every dataset whose
// source one of its data sources reads, instead of the detections' own
// tests. Each pair is a negative test: it fails when the detection fires,
// so the failures list what fires on the data, and a run costs only the
// replay (no explanation is traced for a test that does not fire).
func PlanSurvey(c *Content, datasets []DataRef, comp *Compiler) []Job {
	var jobs []Job
	zero := 0
	for _, d := range c.Tree.Detections {
		if d.Status == "deprecated" || strings.EqualFold(d.Type, "Correlation") || comp.Get(c.Tree, d).Status() != Pass {
			continue
		}
		for _, ds := range datasets {
			if st := sourcetypeReading(c.Tree, d, ds.Source); st != "" {
				ds.Sourcetype = st
				jobs = append(jobs, Job{Content: c, Detection: d, Test: "survey " + ds.Path,
					Data: []DataRef{ds}, Expect: Expectation{Fires: false, Results: &zero}})
			}
		}
	}
	return jobs
}

// sourcetypeReading is the sourcetype of the detection's first data
// source reading source (case-insensitively), or "".
func sourcetypeReading(tree *content.Tree, d *content.Detection, source string) string {
	for _, name := range d.DataSource {
		if ds := tree.DataSources[name]; ds != nil && strings.EqualFold(ds.Source, source) {
			return ds.Sourcetype
		}
	}
	return ""
}

var channelElement = regexp.MustCompile(`<Channel>([^<]+)</Channel>`)

// WindowsDatasets keeps the files that are Windows event logs (EVTX or
// XmlWinEventLog text) and gives each the source Splunk's Windows input
// would: XmlWinEventLog:<Channel> of its first event. A capture mixing
// channels is read under its first event's source, as attack_data
// assigns one source per file.
func WindowsDatasets(paths []string) []DataRef {
	var out []DataRef
	for _, p := range paths {
		if src := windowsSource(p); src != "" {
			out = append(out, DataRef{Path: p, Source: src})
		}
	}
	return out
}

// windowsSource is "" for a file ingest cannot read, or whose first event
// names no channel (not a Windows event).
func windowsSource(path string) string {
	src := ""
	_ = ingest.Scan(path, ingest.Meta{}, func(r event.Row, p *ingest.Problem) bool {
		if p != nil {
			return true // a bad first record: look further
		}
		if m := channelElement.FindStringSubmatch(r[event.Raw].First()); m != nil {
			src = "XmlWinEventLog:" + m[1]
		}
		return false
	})
	return src
}
