// Package conformance checks an add-on set against a content tree's data
// sources: each data_sources/*.yml example_log is read as Splunk would
// index it and the fields the add-ons produce are compared with the
// fields the data source lists (and its output_fields, the 2026 shape).
package conformance

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
)

// ExampleHost is the host every example is read with: host is input
// metadata every Splunk event has.
const ExampleHost = "example-host"

// Result is one data source's conformance.
type Result struct {
	Name          string   `json:"name"`
	File          string   `json:"file"`
	Detections    int      `json:"detections"`
	Listed        int      `json:"listed"`
	Produced      int      `json:"produced"`
	Missing       []string `json:"missing"`
	OutputListed  int      `json:"output_listed,omitempty"`
	OutputMissing []string `json:"output_missing,omitempty"`
	// SiteData are listed fields only a site's own lookup tables fill (a
	// host inventory, a KV store): not judged, because no event can give
	// them; named with the table and its feed.
	SiteData []SiteField `json:"site_data,omitempty"`
	Error    string      `json:"error,omitempty"`
	Note     string      `json:"note,omitempty"`
}

// SiteField is a listed field that needs site data.
type SiteField struct {
	Field string `json:"field"`
	Table string `json:"table"`
	Feed  string `json:"feed"`
}

// Share is the fraction of judged listed fields produced.
func (r Result) Share() float64 {
	if r.Listed == 0 {
		return 1
	}
	return float64(r.Produced) / float64(r.Listed)
}

// Check checks every data source of the tree, ranked by detections with
// tests that name it (then by name). problems names the data source files
// that did not load; the rest are still checked.
func Check(tree *content.Tree, addons *ingest.Addons, real *RealEvents) (results []Result, problems []string) {
	sources, problems := dataSourcesOf(tree)
	uses := detectionsPerDataSource(tree)
	results = make([]Result, len(sources))
	for i, ds := range sources {
		results[i] = checkOne(addons, ds, uses[ds.Name], real)
	}
	rank(results)
	return results, problems
}

// dataSourcesOf lists the tree's data sources by file, and the data
// source files that failed to load.
func dataSourcesOf(tree *content.Tree) (out []*content.DataSource, problems []string) {
	loaded := map[string]bool{}
	for _, ds := range tree.DataSources {
		out = append(out, ds)
		loaded[ds.File] = true
	}
	// Schema findings about metadata do not stop the check; a file that
	// did not load at all does.
	for _, f := range tree.Findings {
		if f.Severity == content.SeverityError && !loaded[f.Pos.File] && strings.Contains(filepath.ToSlash(f.Pos.File), "data_sources/") {
			problems = append(problems, f.String())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, problems
}

// detectionsPerDataSource counts, per data_source name, the detections that
// have tests.
func detectionsPerDataSource(tree *content.Tree) map[string]int {
	uses := map[string]int{}
	for _, d := range tree.Detections {
		if len(d.Tests) == 0 {
			continue
		}
		for _, name := range d.DataSource {
			uses[name]++
		}
	}
	return uses
}

func checkOne(addons *ingest.Addons, ds *content.DataSource, detections int, real *RealEvents) Result {
	res := Result{Name: ds.Name, File: ds.File, Detections: detections}
	produced := map[string]bool{}
	switch {
	case strings.TrimSpace(ds.ExampleLog) == "" && len(ds.Fields) == 0:
		res.Note = "no example_log and no fields: nothing to check"
	case strings.TrimSpace(ds.ExampleLog) == "":
		res.Error = "no example_log"
	default:
		res.Error, res.Note = checkExample(addons, ds, real, produced)
	}
	site := siteFields(addons, ds, produced)
	res.Listed, res.Missing = missingOf(ds.Fields, produced, site)
	res.Produced = res.Listed - len(res.Missing)
	res.OutputListed, res.OutputMissing = missingOf(ds.OutputFields, produced, site)
	for _, f := range ds.Fields {
		if sf, ok := site[f]; ok {
			res.SiteData = append(res.SiteData, sf)
			delete(site, f)
		}
	}
	return res
}

// siteFields are the fields that, for this data source's source and
// sourcetype, only empty site tables would fill, and that the example did
// not get otherwise.
func siteFields(addons *ingest.Addons, ds *content.DataSource, produced map[string]bool) map[string]SiteField {
	out := map[string]SiteField{}
	for _, f := range addons.SiteFields(ds.Source, ds.Sourcetype, ExampleHost) {
		if !produced[f.Field] {
			out[f.Field] = SiteField{Field: f.Field, Table: f.Table, Feed: f.Site}
		}
	}
	return out
}

// checkExample reads the example_log into produced and says what was done
// beyond reading it as the data source describes it.
func checkExample(addons *ingest.Addons, ds *content.DataSource, real *RealEvents, produced map[string]bool) (errText, note string) {
	example := windowsExampleMeta(ds.ExampleLog, ingest.Meta{Source: ds.Source, Sourcetype: ds.Sourcetype, Host: ExampleHost})
	if lone := loneDateLine(ds); lone.channel != "" {
		return checkRealInstead(addons, lone, real, produced)
	}
	text, truncNote := ds.ExampleLog, ""
	if closed, ok := ingest.CloseTruncatedJSON(text); ok {
		// A JSON example cut short (GitHub's, at Splunk's 10,000-byte
		// TRUNCATE): its complete values still give their fields.
		text = closed
		example.note = joinNotes(example.note, fmt.Sprintf("example_log truncated after %d bytes in the content file; checked with its JSON closed", len(ds.ExampleLog)))
	}
	if closed, ok := closeTruncatedXML(text); ok {
		// Several content files cut example_log short inside an <Event>.
		// Splunk's add-ons extract each element on its own, so the
		// elements that are there still give their fields: close the
		// XML, check, and say so.
		text = closed
		truncNote = fmt.Sprintf("example_log truncated after %d bytes in the content file; checked with its XML closed", len(ds.ExampleLog))
	}
	rows, problems, err := addons.ReadExample(text, example.meta)
	switch {
	case err != nil:
		errText = err.Error()
	case len(problems) > 0:
		errText = problems[0].Msg
	case len(rows) == 0:
		errText = "example_log gave no event"
	}
	producedFields(rows, produced)
	if truncNote != "" {
		truncNote += completeFromRealEvent(addons, rows, example.meta, real, produced)
	}
	return errText, joinNotes(example.note, truncNote)
}

// closeTruncatedXML closes an XML Windows event cut short inside an open
// Data element; ok is false for anything else.
func closeTruncatedXML(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "<Event") || strings.HasSuffix(t, "</Event>") {
		return s, false
	}
	lastOpen, lastClose := strings.LastIndex(t, "<Data"), strings.LastIndex(t, "</Data>")
	if !strings.Contains(t, "<EventData>") || lastOpen < lastClose || !strings.Contains(t[lastOpen:], ">") {
		return s, false
	}
	return t + "</Data></EventData></Event>", true
}

// completeFromRealEvent adds the fields of a real event of the truncated
// example's channel and EventID - the cut part held fields that only a
// whole event can give - and says which event it used, or that none was
// found.
func completeFromRealEvent(addons *ingest.Addons, rows []event.Row, meta ingest.Meta, real *RealEvents, produced map[string]bool) string {
	if len(rows) == 0 {
		return ""
	}
	channel, eventID := rows[0].Get("Channel").First(), rows[0].Get("EventID").First()
	if real == nil || len(real.dirs) == 0 {
		return "; no folder of real events given (--events) to complete it"
	}
	ev, ok := real.find(channel, eventID)
	if !ok {
		return fmt.Sprintf("; no real %s %s event in %s to complete it", channel, eventID, strings.Join(real.dirs, ", "))
	}
	ev.row[event.Source], ev.row[event.Sourcetype], ev.row[event.Host] =
		event.Single(meta.Source), event.Single(meta.Sourcetype), event.Single(meta.Host)
	addons.Apply(ev.row)
	producedFields([]event.Row{ev.row}, produced)
	return fmt.Sprintf("; fields also taken from the real %s %s event %s (record %d)", channel, eventID, ev.file, ev.record)
}

func producedFields(rows []event.Row, into map[string]bool) {
	for _, r := range rows {
		for _, name := range r.Names() {
			if len(r.Get(name)) > 0 {
				into[name] = true
			}
		}
	}
}

// missingOf counts the listed fields that the check judges (not
// Splunk-internal, not site data, each once) and returns those not
// produced.
func missingOf(listed []string, produced map[string]bool, site map[string]SiteField) (judged int, missing []string) {
	seen := map[string]bool{}
	for _, f := range listed {
		if _, isSite := site[f]; isSite || SplunkInternal(f) || seen[f] {
			continue
		}
		seen[f] = true
		judged++
		if !produced[f] {
			missing = append(missing, f)
		}
	}
	return judged, missing
}

// splunkInternalFields: Splunk's default fields other than host, source
// and sourcetype (Knowledge Manager Manual, "Use default fields": host,
// index, linecount, punct, source, sourcetype, splunk_server, timestamp),
// the indexer's timestamp positions, and eventtype.
var splunkInternalFields = map[string]bool{
	"punct": true, "linecount": true, "index": true, "splunk_server": true, "splunk_server_group": true,
	"timestamp": true, "timestartpos": true, "timeendpos": true, "eventtype": true,
}

// SplunkInternal: fields the indexer or search head adds whatever the
// add-on (the datasources check help says why each is left out).
func SplunkInternal(f string) bool {
	switch {
	case splunkInternalFields[f], strings.HasPrefix(f, "date_"), strings.HasPrefix(f, "tag::"):
		return true
	case strings.HasPrefix(f, "_"):
		return f != "_time" && f != "_raw"
	}
	return false
}

// rank orders by detections with tests, then name.
func rank(rs []Result) {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].Detections != rs[j].Detections {
			return rs[i].Detections > rs[j].Detections
		}
		return rs[i].Name < rs[j].Name
	})
}
