package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
)

const datasourcesHelp = `Usage: dactest datasources check [--content DIR] [--addon TA_DIR ...] [flags]

Runs every data_sources/*.yml example_log of a content tree through ingest
(with that data source's source and sourcetype) and the add-ons, and
reports per data source the share of its listed fields the event carries,
and of its output_fields where the file lists them (the 2026 shape). Data
sources are ranked by the number of detections with tests that name them
in data_source; the summary covers the --top first ones. With --addon the
fields come from those Splunk add-ons (props/transforms/eventtypes/tags
.conf) instead of dactest's built-in definitions, and every setting not
applied is named on stderr.

An example_log cut short in the content file is checked with its XML
closed and, since the fields of the cut part can only come from a whole
event, together with the real event of the same channel and EventID that has
the most fields in the --events folders; the note names that event. An example
that is only a classic WinEventLog date line (the rest lost in the
content file) is replaced by such a real event, its channel taken from
the source and its EventID from the end of the data source's name. A Windows
example labelled with the other rendering's sourcetype (XML text as
wineventlog, classic text as xmlwineventlog) is checked under the source
and sourcetype a forwarder would give it; the note says so.

Not counted, because Splunk's indexer or search head makes them, not the
add-on: punct, linecount, index, splunk_server, splunk_server_group,
timestartpos, timeendpos, date_* (from the timestamp), eventtype and
tag::* (names differ between add-on versions), and every field starting
with "_" except _time and _raw. host is input metadata every Splunk event
has; the check gives each example the host "example-host".

Flags:
`

// dataSourceResult is one data source's conformance.
type dataSourceResult struct {
	Name          string   `json:"name"`
	File          string   `json:"file"`
	Detections    int      `json:"detections"`
	Listed        int      `json:"listed"`
	Produced      int      `json:"produced"`
	Missing       []string `json:"missing"`
	OutputListed  int      `json:"output_listed,omitempty"`
	OutputMissing []string `json:"output_missing,omitempty"`
	Error         string   `json:"error,omitempty"`
	Note          string   `json:"note,omitempty"`
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

func (r dataSourceResult) share() float64 {
	if r.Listed == 0 {
		return 1
	}
	return float64(r.Produced) / float64(r.Listed)
}

func runDatasources(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprint(stderr, datasourcesHelp)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return exitOK
		}
		return exitUsage
	}
	fset := flag.NewFlagSet("datasources check", flag.ContinueOnError)
	fset.SetOutput(stderr)
	contentDir := fset.String("content", "", "content tree with data_sources/ (and detections/ for the ranking); default: the embedded content")
	top := fset.Int("top", 25, "data sources in the summary, by detections with tests")
	format := fset.String("format", "table", "table | json")
	all := fset.Bool("all", false, "list every data source, not only the --top ones")
	var addonDirs, eventDirs multiFlag
	fset.Var(&eventDirs, "events", "a folder of real Windows events (EVTX, XmlWinEventLog text) that completes a truncated example_log with an event of its channel and EventID (repeatable; default: evtx-to-mitre, attack_data, evtx-attack-samples and sigma beside --content)")
	fset.Var(&addonDirs, "addon", "a Splunk add-on directory (default/, local/ .conf files) used instead of the built-in definitions (repeatable)")
	fset.Usage = func() { fmt.Fprint(stderr, datasourcesHelp); fset.PrintDefaults() }
	if err := fset.Parse(args[1:]); err != nil {
		return usageExit(err)
	}
	if fset.NArg() > 0 || (*format != "table" && *format != "json") || *top < 0 {
		fset.Usage()
		return exitUsage
	}
	addons, ok := datasourceAddons(addonDirs, stderr)
	if !ok {
		return exitUsage
	}
	tree, err := loadTree(*contentDir)
	if err != nil {
		fmt.Fprintln(stderr, "dactest datasources:", err)
		return exitUsage
	}
	if len(eventDirs) == 0 {
		eventDirs = defaultEventDirs(*contentDir)
	}
	return checkDataSources(addons, tree, &realEvents{dirs: eventDirs}, *top, *all, *format, stdout, stderr)
}

// datasourceAddons loads the named add-ons, or the built-in definitions;
// each setting of a named add-on that is not applied is listed on stderr.
func datasourceAddons(dirs []string, stderr io.Writer) (*ingest.Addons, bool) {
	if len(dirs) == 0 {
		a, err := ingest.DefaultAddons()
		if err != nil {
			fmt.Fprintln(stderr, "dactest datasources: add-on definitions:", err)
			return nil, false
		}
		return a, true
	}
	a, problems, err := ingest.LoadAddonConf(dirs, ingest.EngineCompilers())
	if err != nil {
		fmt.Fprintln(stderr, "dactest datasources:", err)
		return nil, false
	}
	for _, p := range problems {
		fmt.Fprintln(stderr, "dactest datasources: not applied:", p.Error())
	}
	return a, true
}

func checkDataSources(addons *ingest.Addons, tree *content.Tree, real *realEvents, top int, all bool, format string, stdout, stderr io.Writer) int {
	sources, broken := dataSourcesOf(tree, stderr)
	if len(sources) == 0 {
		fmt.Fprintf(stderr, "dactest datasources: no data source in %s (give --content DIR with a data_sources/ folder)\n", tree.Label)
		return exitUsage
	}
	uses := detectionsPerDataSource(tree)
	results := make([]dataSourceResult, len(sources))
	for i, ds := range sources {
		results[i] = checkOne(addons, ds, uses[ds.Name], real)
		broken = broken || results[i].Error != ""
	}
	rankResults(results)
	shown := results
	if !all && top < len(results) {
		shown = results[:top]
	}
	var err error
	if format == "json" {
		err = writeDataSourcesJSON(stdout, shown, top)
	} else {
		err = writeDataSourcesTable(stdout, results, shown, top)
	}
	if err != nil {
		fmt.Fprintln(stderr, "dactest datasources:", err)
		return exitFailed
	}
	if broken {
		return exitIncomplete
	}
	return exitOK
}

// dataSourcesOf lists the tree's data sources by file; a data source file
// that failed to load is named on stderr and the rest are still checked.
func dataSourcesOf(tree *content.Tree, stderr io.Writer) (out []*content.DataSource, broken bool) {
	loaded := map[string]bool{}
	for _, ds := range tree.DataSources {
		out = append(out, ds)
		loaded[ds.File] = true
	}
	// Schema findings about metadata do not stop the check; a file that
	// did not load at all does.
	for _, f := range tree.Findings {
		if f.Severity == content.SeverityError && !loaded[f.Pos.File] && strings.Contains(filepath.ToSlash(f.Pos.File), "data_sources/") {
			fmt.Fprintf(stderr, "dactest datasources: %s\n", f)
			broken = true
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, broken
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

func checkOne(addons *ingest.Addons, ds *content.DataSource, detections int, real *realEvents) dataSourceResult {
	res := dataSourceResult{Name: ds.Name, File: ds.File, Detections: detections}
	produced := map[string]bool{}
	switch {
	case strings.TrimSpace(ds.ExampleLog) == "" && len(ds.Fields) == 0:
		res.Note = "no example_log and no fields: nothing to check"
	case strings.TrimSpace(ds.ExampleLog) == "":
		res.Error = "no example_log"
	default:
		res.Error, res.Note = checkExample(addons, ds, real, produced)
	}
	res.Listed, res.Missing = missingOf(ds.Fields, produced)
	res.Produced = res.Listed - len(res.Missing)
	res.OutputListed, res.OutputMissing = missingOf(ds.OutputFields, produced)
	return res
}

// checkExample reads the example_log into produced and says what was done
// beyond reading it as the data source describes it.
func checkExample(addons *ingest.Addons, ds *content.DataSource, real *realEvents, produced map[string]bool) (errText, note string) {
	example := windowsExampleMeta(ds.ExampleLog, ingest.Meta{Source: ds.Source, Sourcetype: ds.Sourcetype, Host: "example-host"})
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

// completeFromRealEvent adds the fields of a real event of the truncated
// example's channel and EventID - the cut part held fields that only a
// whole event can give - and says which event it used, or that none was
// found.
func completeFromRealEvent(addons *ingest.Addons, rows []event.Row, meta ingest.Meta, real *realEvents, produced map[string]bool) string {
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
// Splunk-internal, each once) and returns those not produced.
func missingOf(listed []string, produced map[string]bool) (judged int, missing []string) {
	seen := map[string]bool{}
	for _, f := range listed {
		if splunkInternal(f) || seen[f] {
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

var splunkInternalFields = map[string]bool{
	"punct": true, "linecount": true, "index": true, "splunk_server": true, "splunk_server_group": true,
	"timestartpos": true, "timeendpos": true, "eventtype": true,
}

// splunkInternal: fields the indexer or search head adds whatever the
// add-on (see datasourcesHelp for why each is left out).
func splunkInternal(f string) bool {
	switch {
	case splunkInternalFields[f], strings.HasPrefix(f, "date_"), strings.HasPrefix(f, "tag::"):
		return true
	case strings.HasPrefix(f, "_"):
		return f != "_time" && f != "_raw"
	}
	return false
}

// rankResults orders by detections with tests, then name.
func rankResults(rs []dataSourceResult) {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].Detections != rs[j].Detections {
			return rs[i].Detections > rs[j].Detections
		}
		return rs[i].Name < rs[j].Name
	})
}

func writeDataSourcesTable(w io.Writer, all, shown []dataSourceResult, top int) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tDETECTIONS\tDATA SOURCE\tFIELDS\tSHARE\tOUTPUT\tMISSING")
	for i, r := range shown {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%d/%d\t%.0f%%\t%s\t%s\n", i+1, r.Detections, r.Name, r.Produced, r.Listed,
			100*r.share(), outputCell(r), missingCell(r))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, summaryLine(all, top))
	return err
}

func outputCell(r dataSourceResult) string {
	if r.OutputListed == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", r.OutputListed-len(r.OutputMissing), r.OutputListed)
}

func missingCell(r dataSourceResult) string {
	if r.Error != "" {
		return "error: " + r.Error
	}
	cell := strings.Join(append(append([]string{}, r.Missing...), prefixed("output:", r.OutputMissing)...), " ")
	if r.Note != "" {
		cell = strings.TrimSpace("(" + r.Note + ") " + cell)
	}
	return cell
}

func prefixed(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}

// summaryLine: for the top data sources and for all, how many reach 95%
// and the pooled share of listed fields produced.
func summaryLine(all []dataSourceResult, top int) string {
	if top > len(all) {
		top = len(all)
	}
	return fmt.Sprintf("top %d: %s; all %d: %s", top, summarize(all[:top]), len(all), summarize(all))
}

func summarize(rs []dataSourceResult) string {
	reached, checkable, listed, produced := 0, 0, 0, 0
	for _, r := range rs {
		if r.Listed == 0 {
			continue
		}
		checkable++
		if r.share() >= 0.95 && r.Error == "" {
			reached++
		}
		listed += r.Listed
		produced += r.Produced
	}
	pooled := 100.0
	if listed > 0 {
		pooled = 100 * float64(produced) / float64(listed)
	}
	return fmt.Sprintf("%d of %d checkable at >= 95%%, %d/%d fields (%.1f%%)", reached, checkable, produced, listed, pooled)
}

func writeDataSourcesJSON(w io.Writer, shown []dataSourceResult, top int) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Top         int                `json:"top"`
		DataSources []dataSourceResult `json:"data_sources"`
	}{top, shown})
}
