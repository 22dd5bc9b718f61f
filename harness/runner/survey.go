package runner

import (
	"io"
	"os"
	"path/filepath"
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
// would: XmlWinEventLog:<Channel> of its first event that names one. A
// capture mixing channels is read under that event's source, as
// attack_data assigns one source per file.
func WindowsDatasets(paths []string) []DataRef {
	refs, _ := SurveyDatasets(paths)
	return refs
}

// Unreadable is a file that looks like a Windows event log (named .evtx,
// or its content says EVTX or XmlWinEventLog) but yields no event to
// label, and why.
type Unreadable struct{ Path, Why string }

// SurveyDatasets is WindowsDatasets that also names the Windows event logs
// it could not read, which a survey must not drop without a word. Files of
// other formats are not named: a glob over attack_data matches YAML
// descriptors and JSON archives too.
func SurveyDatasets(paths []string) ([]DataRef, []Unreadable) {
	var out []DataRef
	var bad []Unreadable
	for _, p := range paths {
		src, why := windowsSource(p)
		switch {
		case src != "":
			out = append(out, DataRef{Path: p, Source: src})
		case looksWindows(p):
			bad = append(bad, Unreadable{Path: p, Why: why})
		}
	}
	return out, bad
}

// channelLookahead is how many events without a <Channel> a survey reads
// before it calls a file no Windows event log.
const channelLookahead = 100

// windowsSource is "" for a file ingest cannot read, or whose first events
// name no channel (not Windows events); why then says what went wrong.
func windowsSource(path string) (src, why string) {
	why, first, seen := "no event in it", true, 0
	err := ingest.Scan(path, ingest.Meta{}, func(r event.Row, p *ingest.Problem) bool {
		if p != nil {
			if first {
				why, first = p.Error(), false
			}
			return true // a bad first record: look further
		}
		if m := channelElement.FindStringSubmatch(r[event.Raw].First()); m != nil {
			src = "XmlWinEventLog:" + m[1]
			return false
		}
		why, seen = "none of its first events names a Windows channel", seen+1
		return seen < channelLookahead // a record without <Channel>: look further
	})
	if err != nil {
		why = err.Error()
	}
	return src, why
}

func looksWindows(path string) bool {
	if strings.EqualFold(filepath.Ext(path), ".evtx") {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	switch ingest.SniffHint(head[:n], path) {
	case ingest.FormatEVTX, ingest.FormatXMLWinEventLog:
		return true
	}
	return false
}
