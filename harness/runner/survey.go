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
// Correlation search, compiled by the engine) with every Windows log one of
// whose channels one of its data sources reads, instead of the detections'
// own tests. Each event keeps its own channel's source, as the Windows
// event log input labels it, so a capture mixing channels serves every
// detection of each. Each pair is a negative test: it fails when the
// detection fires, so the failures list what fires on the data, and a run
// costs only the replay (no explanation is traced for a test that does not
// fire).
func PlanSurvey(c *Content, logs []WindowsLog, comp *Compiler) []Job {
	var jobs []Job
	zero := 0
	for _, d := range c.Tree.Detections {
		if d.Status == "deprecated" || strings.EqualFold(d.Type, "Correlation") || comp.Get(c.Tree, d).Status() != Pass {
			continue
		}
		for _, l := range logs {
			if st := sourcetypeReadingAny(c.Tree, d, l.Sources); st != "" {
				jobs = append(jobs, Job{Content: c, Detection: d, Test: "survey " + l.Path,
					Data:   []DataRef{{Path: l.Path, Source: ChannelSource, Sourcetype: st}},
					Expect: Expectation{Fires: false, Results: &zero}})
			}
		}
	}
	return jobs
}

// sourcetypeReadingAny is sourcetypeReading for the first of sources a
// data source of the detection reads.
func sourcetypeReadingAny(tree *content.Tree, d *content.Detection, sources []string) string {
	for _, src := range sources {
		if st := sourcetypeReading(tree, d, src); st != "" {
			return st
		}
	}
	return ""
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

// ChannelSource, as a DataRef's source, labels each event of a Windows log
// with its own channel, XmlWinEventLog:<Channel>, as Splunk's Windows
// event log input does, instead of one source for the whole file.
const ChannelSource = "XmlWinEventLog:<Channel>"

// WindowsLog is a Windows event log file (EVTX or XmlWinEventLog text)
// with the sources its events get: XmlWinEventLog:<Channel> of each
// channel it holds, in order of first appearance.
type WindowsLog struct {
	Path    string
	Sources []string
}

// Unreadable is a file that looks like a Windows event log (named .evtx,
// or its content says EVTX or XmlWinEventLog) but yields no event to
// label, and why.
type Unreadable struct{ Path, Why string }

// WindowsLogs keeps the files that are Windows event logs and names the
// ones that look like one but give no event, which a survey must not drop
// without a word. Files of other formats are not named: a glob over
// attack_data matches YAML descriptors and JSON archives too.
func WindowsLogs(paths []string) ([]WindowsLog, []Unreadable) {
	var out []WindowsLog
	var bad []Unreadable
	for _, p := range paths {
		sources, why := windowsSources(p)
		switch {
		case len(sources) > 0:
			out = append(out, WindowsLog{Path: p, Sources: sources})
		case looksWindows(p):
			bad = append(bad, Unreadable{Path: p, Why: why})
		}
	}
	return out, bad
}

// channelLookahead is how many events without a <Channel> a survey reads
// before it calls a file no Windows event log.
const channelLookahead = 100

// windowsSources lists the sources of a file's events, none for a file
// ingest cannot read or whose first events name no channel (not Windows
// events); why then says what went wrong.
func windowsSources(path string) (sources []string, why string) {
	why, first, unnamed := "no event in it", true, 0
	seen := map[string]bool{}
	err := ingest.Scan(path, ingest.Meta{}, func(r event.Row, p *ingest.Problem) bool {
		if p != nil {
			if first {
				why, first = p.Error(), false
			}
			return true // a bad record: look further
		}
		m := channelElement.FindStringSubmatch(r[event.Raw].First())
		if m == nil {
			why, unnamed = "none of its first events names a Windows channel", unnamed+1
			return len(sources) > 0 || unnamed < channelLookahead
		}
		if src := "XmlWinEventLog:" + m[1]; !seen[src] {
			seen[src] = true
			sources = append(sources, src)
		}
		return true
	})
	if err != nil && len(sources) == 0 {
		why = err.Error()
	}
	return sources, why
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
