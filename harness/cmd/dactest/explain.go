package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/dactest/dactest/harness/explain"
	"github.com/dactest/dactest/harness/runner"
)

type explainFlags struct {
	contentDir, dataRoot     string
	data, source, sourcetype string
	format                   string
	labelled                 []string // labels --data was given by labelWindows
}

func explainFlagSet(f *explainFlags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.contentDir, "content", "", "content tree the detection belongs to (default: the folder above its detections/ folder)")
	fs.StringVar(&f.dataRoot, "data-root", "", "local attack_data checkout standing in for attack_data URLs")
	fs.StringVar(&f.data, "data", "", "dataset file to replay instead of the detection's own tests")
	fs.StringVar(&f.source, "source", "", "source of --data (e.g. XmlWinEventLog:Microsoft-Windows-Sysmon/Operational)")
	fs.StringVar(&f.sourcetype, "sourcetype", "", "sourcetype of --data (e.g. xmlwineventlog)")
	fs.StringVar(&f.format, "format", "text", "output: text or json")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: dactest explain DETECTION.yml [--content DIR] [--data PATH [--source S --sourcetype ST]]

Replays the detection's tests (or --data) and, for each one, prints the row
count after every pipeline stage. When a test does not fire, it names the
stage that dropped everything and lists the nearest events with each
condition they fail: missing field, value differs (the event's value vs the
pattern), by-field null. Each test ends with the verdict dactest test
gives it against its own expectation; a test that fires shows its first
rows too, so a negative test that fires or a risk object null in a row
can be seen. A Windows event log given as --data without
--source/--sourcetype is read as the Windows event log input labels it:
each event XmlWinEventLog:<its Channel>, sourcetype XmlWinEventLog.

Exit code: 0 every test was replayed (it fired, or why not is explained),
1 a detection is broken (does not load, search does not compile), 2 a
usage error, 3 data or SPL support is missing.

Flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

func runExplain(args []string, stdout, stderr io.Writer) int {
	var f explainFlags
	fs := explainFlagSet(&f, stderr)
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	jobs, err := explainJobs(&f, files)
	if err != nil {
		fmt.Fprintln(stderr, "dactest explain:", err)
		return exitUsage
	}
	if len(f.labelled) > 0 {
		fmt.Fprintf(stderr, "dactest explain: %s read with %s, as the Windows event log input would label it (set --source/--sourcetype to choose)\n", f.data, strings.Join(f.labelled, ", "))
	}
	opts, err := runner.DefaultOptions()
	if err != nil {
		fmt.Fprintln(stderr, "dactest explain:", err)
		return exitUsage
	}
	rep := runner.Run(context.Background(), jobs, opts)
	if f.format == "json" {
		if err := explainJSON(stdout, rep); err != nil {
			fmt.Fprintln(stderr, "dactest explain:", err)
			return exitUsage
		}
	} else {
		for i := range rep.Results {
			explainText(stdout, &rep.Results[i])
		}
	}
	return explainExit(rep)
}

// explainJobs plans the detection's tests, or one job over --data. Every
// job must fire, so that a test that does not is explained (a negative
// test's "no result" is explained too: that is what one asks explain for).
func explainJobs(f *explainFlags, files []string) ([]runner.Job, error) {
	switch {
	case len(files) != 1:
		return nil, fmt.Errorf("want exactly one detection file, got %d", len(files))
	case f.format != "text" && f.format != "json":
		return nil, fmt.Errorf("--format %q: want text or json", f.format)
	case f.data == "" && (f.source != "" || f.sourcetype != ""):
		return nil, fmt.Errorf("--source and --sourcetype describe --data; give --data PATH")
	case f.data != "" && !exists(f.data):
		return nil, fmt.Errorf("--data %s: no such file", f.data)
	case f.data != "" && (f.source == "" || f.sourcetype == "") && !f.labelWindows():
		return nil, fmt.Errorf("--data needs --source and --sourcetype: add-on field extraction keys on them (a Windows event log gets them from its events)")
	}
	if err := checkDataRoot(f.dataRoot); err != nil {
		return nil, err
	}
	root := f.contentDir
	if root == "" {
		r, err := contentRootOf(files[0])
		if err != nil {
			return nil, err
		}
		root = r
	}
	c, err := runner.NewContentLoader().Dir(root)
	if err != nil {
		return nil, err
	}
	sel := runner.Selection{Files: files}
	if missing := sel.Unmatched(c.Tree); len(missing) > 0 {
		return nil, fmt.Errorf("not a detection of %s: %s", root, missing[0])
	}
	jobs := runner.PlanContent(c, sel, f.dataRoot)
	if len(jobs) == 0 {
		return nil, fmt.Errorf("%s: no detection to explain", files[0])
	}
	if f.data != "" {
		// no test: the question is whether it fires
		j := runner.Job{Content: c, Detection: jobs[0].Detection, Test: "--data " + f.data,
			Data: []runner.DataRef{{Path: f.data, Source: f.source, Sourcetype: f.sourcetype}}, Expect: runner.Expectation{Fires: true}}
		jobs = []runner.Job{j}
	}
	for i := range jobs {
		jobs[i].Explain = true
		jobs[i].SkipReason = "" // explain what would happen, whatever contentctl would skip
	}
	return jobs, nil
}

// labelWindows gives a Windows event log (EVTX, XmlWinEventLog text) read
// without --source/--sourcetype the labels the Windows event log input
// would, XmlWinEventLog:<Channel> and XmlWinEventLog, as dactest search,
// fields and replay do; false when --data is not one.
func (f *explainFlags) labelWindows() bool {
	logs, _ := runner.WindowsLogs([]string{f.data})
	if len(logs) == 0 {
		return false
	}
	if f.source == "" {
		f.source = runner.ChannelSource // each event its own channel's
		f.labelled = append(f.labelled, "source "+f.source)
	}
	if f.sourcetype == "" {
		f.sourcetype = "XmlWinEventLog"
		f.labelled = append(f.labelled, "sourcetype "+f.sourcetype)
	}
	return true
}

func explainText(w io.Writer, r *runner.TestResult) {
	fmt.Fprintf(w, "%s — %s\n", r.Detection, r.Test)
	switch {
	case len(r.Stages) == 0 || r.Explanation == nil && r.ResultCount == 0:
		// the search never ran (missing data, unsupported SPL)
		fmt.Fprintf(w, "  cannot run: %s\n\n", r.Message)
		return
	case r.ResultCount > 0:
		fmt.Fprintf(w, "  fires: %d result(s)\n", r.ResultCount)
		for _, s := range r.Stages {
			fmt.Fprintf(w, "  %-9s %6d → %d\n", s.Command, s.In, s.Out)
		}
		writeVerdict(w, r)
		writeRowPreview(w, r)
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintln(w, "  does not fire:")
	var buf indentWriter
	explain.Text(&buf, r.Explanation)
	fmt.Fprint(w, buf.String())
	writeVerdict(w, r)
	fmt.Fprintln(w)
}

// writeVerdict says what dactest test concludes from these rows, against
// the test's own expectation (a negative test that fires fails; a risk
// object null in a row fails).
func writeVerdict(w io.Writer, r *runner.TestResult) {
	for _, p := range r.Problems {
		fmt.Fprintf(w, "  input lost: %s\n", p)
	}
	if strings.HasPrefix(r.Test, "--data ") {
		return // no test, no expectation
	}
	fmt.Fprintf(w, "  verdict: %s — %s\n", r.Status, r.Message)
}

// explainMaxRows is how many result rows explain shows under a test that
// fires: enough to see a null risk object or what a negative test caught.
const explainMaxRows = 5

func writeRowPreview(w io.Writer, r *runner.TestResult) {
	if len(r.Rows) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  "+strings.Join(r.Columns, "\t"))
	for i, row := range r.Rows {
		if i == explainMaxRows {
			fmt.Fprintf(tw, "  … %d more row(s)\n", r.ResultCount-i)
			break
		}
		cells := make([]string, len(r.Columns))
		for j, c := range r.Columns {
			cells[j] = tableCell(displayValue(c, row.Get(c)))
		}
		fmt.Fprintln(tw, "  "+strings.Join(cells, "\t"))
	}
	tw.Flush()
}

// indentWriter indents an explanation under its test's heading.
type indentWriter struct{ lines []byte }

func (b *indentWriter) Write(p []byte) (int, error) {
	for _, c := range p {
		if c != '\n' && (len(b.lines) == 0 || b.lines[len(b.lines)-1] == '\n') {
			b.lines = append(b.lines, ' ', ' ')
		}
		b.lines = append(b.lines, c)
	}
	return len(p), nil
}

func (b *indentWriter) String() string { return string(b.lines) }

type explainedTest struct {
	Detection   string               `json:"detection"`
	File        string               `json:"file"`
	Test        string               `json:"test"`
	Status      runner.Status        `json:"status"`
	Message     string               `json:"message,omitempty"`
	ResultCount int                  `json:"result_count"`
	Stages      []runner.Stage       `json:"stages,omitempty"`
	Explanation *explain.Explanation `json:"explanation,omitempty"`
}

func explainJSON(w io.Writer, rep *runner.Report) error {
	out := []explainedTest{}
	for _, r := range rep.Results {
		out = append(out, explainedTest{r.Detection, r.File, r.Test, r.Status, r.Message, r.ResultCount, r.Stages, r.Explanation})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// explainExit is 0 when every test could be replayed (it fired, or its
// stages were explained), 1 when a detection is broken (does not load or
// its search does not compile), 3 when data or SPL support is missing.
func explainExit(rep *runner.Report) int {
	for _, r := range rep.Results {
		if r.Status == runner.Fail && r.Explanation == nil && r.ResultCount == 0 {
			return exitFailed
		}
	}
	if rep.Summary.Error > 0 || rep.Summary.Unsupported > 0 {
		return exitIncomplete
	}
	return exitOK
}

// exists reports whether a --data path names a file or an archive member
// (ARCHIVE#PATTERN) whose archive exists.
func exists(p string) bool {
	if _, err := os.Stat(p); err == nil {
		return true
	}
	return isArchiveMember(p)
}
