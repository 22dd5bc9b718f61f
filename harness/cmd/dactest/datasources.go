package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/dactest/dactest/harness/conformance"
	"github.com/dactest/dactest/harness/content"
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
add-on: the default fields punct, linecount, index, splunk_server,
splunk_server_group and timestamp, timestartpos, timeendpos, date_* (from the timestamp), eventtype and
tag::* (names differ between add-on versions), and every field starting
with "_" except _time and _raw. host is input metadata every Splunk event
has; the check gives each example the host "example-host". A listed field
that, for the data source's sourcetype, only an add-on's site lookup table
fills (a host inventory such as CrowdStrike's aidmaster, shipped empty) is
not judged: it is listed apart as needing site data, with its table.

Flags:
`

func runDatasources(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "check" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return runDatasources([]string{"check", "--help"}, stdout, stderr)
		}
		runDatasources([]string{"check", "--help"}, io.Discard, stderr)
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
		eventDirs = conformance.DefaultEventDirs(*contentDir)
	}
	return checkDataSources(addons, tree, conformance.NewRealEvents(eventDirs), *top, *all, *format, stdout, stderr)
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
	a, problems, err := ingest.LoadAddonConfEngine(dirs)
	if err != nil {
		fmt.Fprintln(stderr, "dactest datasources:", err)
		return nil, false
	}
	for _, p := range problems {
		fmt.Fprintln(stderr, "dactest datasources: not applied:", p.Error())
	}
	return a, true
}

func checkDataSources(addons *ingest.Addons, tree *content.Tree, real *conformance.RealEvents, top int, all bool, format string, stdout, stderr io.Writer) int {
	results, problems := conformance.Check(tree, addons, real)
	for _, p := range problems {
		fmt.Fprintf(stderr, "dactest datasources: %s\n", p)
	}
	if len(results) == 0 {
		fmt.Fprintf(stderr, "dactest datasources: no data source in %s (give --content DIR with a data_sources/ folder)\n", tree.Label)
		return exitUsage
	}
	unchecked := 0
	for _, r := range results {
		if r.Error != "" {
			unchecked++
		}
	}
	broken := len(problems) > 0 || unchecked > 0
	shown := results
	if !all && top < len(results) {
		shown = results[:top]
	}
	var err error
	if format == "json" {
		err = conformance.WriteJSON(stdout, shown, top)
	} else {
		err = conformance.WriteTable(stdout, results, shown, top)
	}
	if err != nil {
		fmt.Fprintln(stderr, "dactest datasources:", err)
		return exitFailed
	}
	if broken {
		// Say why the exit status is 3: the table's error rows may be far
		// below what a terminal shows.
		fmt.Fprintf(stderr, "dactest datasources: %d of %d data sources could not be checked (their rows say error:), %d problems reading the tree: exit %d\n",
			unchecked, len(results), len(problems), exitIncomplete)
		return exitIncomplete
	}
	return exitOK
}
