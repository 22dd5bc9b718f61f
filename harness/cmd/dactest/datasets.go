package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
	"github.com/dactest/dactest/harness/replay"
	"github.com/dactest/dactest/harness/report"
)

// dataFlags are the dataset flags search, fields and replay share.
type dataFlags struct {
	data       multiFlag
	source     string
	sourcetype string
	host       string
	addonDirs  multiFlag
	addons     *ingest.Addons // set by load: built-in definitions plus --addon
}

func (d *dataFlags) register(fs *flag.FlagSet) {
	fs.Var(&d.data, "data", "dataset file, folder of files, or attack_data descriptor .yml (repeatable)")
	fs.StringVar(&d.source, "source", "", "source for every file (overrides descriptors); default: the descriptor's, else XmlWinEventLog:<Channel> of each event")
	fs.StringVar(&d.sourcetype, "sourcetype", "", "sourcetype for every file (overrides descriptors)")
	fs.StringVar(&d.host, "host", "", "host for every event (default: the event's Computer)")
	fs.Var(&d.addonDirs, "addon", "a Splunk add-on directory (default/, local/ .conf files, lookups/) applied with the built-in definitions, index-time and search-time settings; each setting not applied is named (repeatable)")
}

// loadAddons compiles the built-in definitions plus --addon's add-ons,
// naming on stderr each of their settings that is not applied.
func (d *dataFlags) loadAddons(cmd string, stderr io.Writer) bool {
	var err error
	if len(d.addonDirs) == 0 {
		d.addons, err = ingest.DefaultAddons()
	} else {
		d.addons, err = addonsWithConf(cmd, d.addonDirs, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "dactest %s: add-on definitions: %v\n", cmd, err)
		return false
	}
	return true
}

// maxProblemLines caps the problems printed per run of search, fields or
// replay; the count of the rest is printed.
const maxProblemLines = 20

// dataLoad is what --data resolved and read to; broken says some input
// could not be used (reported on stderr, the rest was read).
type dataLoad struct {
	rows   []event.Row
	broken bool
}

// load resolves --data into inputs, reads them and labels events without
// a source; add-ons are left to the caller. Every problem is printed with
// the file (and descriptor line) it concerns.
func (d *dataFlags) load(cmd string, stderr io.Writer) (*dataLoad, bool) {
	if len(d.data) == 0 {
		fmt.Fprintf(stderr, "dactest %s: --data is required (a dataset file, folder or attack_data descriptor)\n", cmd)
		return nil, false
	}
	if !d.loadAddons(cmd, stderr) {
		return nil, false
	}
	out := &dataLoad{}
	inputs := d.inputs(cmd, stderr, out)
	l := replay.ReadWith(inputs, ingest.ReadOptions{Addons: d.addons})
	for _, err := range l.Errors {
		fmt.Fprintf(stderr, "dactest %s: %v\n", cmd, err)
		out.broken = true
	}
	// Any problem makes the result partial (exit 3): a skipped record is
	// an event the search did not see. Lines are capped: a file of broken
	// records would print one per record.
	for i, p := range l.Problems {
		out.broken = true
		if i == maxProblemLines {
			fmt.Fprintf(stderr, "dactest %s: … %d more problems reading --data\n", cmd, len(l.Problems)-i)
			break
		}
		if p.Lost { // the rest of a stream is missing
			fmt.Fprintf(stderr, "dactest %s: events lost: %v\n", cmd, p)
			continue
		}
		if p.Damaged {
			fmt.Fprintf(stderr, "dactest %s: events may be damaged: %v\n", cmd, p)
			continue
		}
		fmt.Fprintf(stderr, "dactest %s: skipped bad record: %v\n", cmd, p)
	}
	if n := replay.InferSource(l.Rows); n > 0 {
		fmt.Fprintf(stderr, "dactest %s: %d events had no source; labelled XmlWinEventLog:<Channel> as the Windows event log input would (set --source to choose)\n", cmd, n)
	}
	for _, w := range l.MetaWarnings() {
		fmt.Fprintf(stderr, "dactest %s: %s; set --source/--sourcetype/--host, or read the file through a descriptor that names them\n", cmd, w)
	}
	out.rows = l.Rows
	if len(out.rows) == 0 {
		d.noEvents(cmd, stderr, len(inputs), out.broken)
		return nil, false
	}
	return out, true
}

// noEvents says that --data gave no event, and why when no input was
// broken (a broken one was named already): nothing usable, since rows of
// nothing would read as "no match".
func (d *dataFlags) noEvents(cmd string, stderr io.Writer, inputs int, broken bool) {
	why := ""
	switch {
	case inputs == 0 && !broken:
		why = " (no data file found there: a folder's .yml descriptors and .md files are skipped; name a descriptor to read its files)"
	case !broken:
		why = fmt.Sprintf(" (%d data file(s), none holds an event)", inputs)
	}
	fmt.Fprintf(stderr, "dactest %s: no events read from --data %s%s\n", cmd, strings.Join(d.data, " "), why)
}

func (d *dataFlags) inputs(cmd string, stderr io.Writer, out *dataLoad) []replay.Input {
	var ins []replay.Input
	for _, p := range d.data {
		found, err := d.expand(p)
		if err != nil {
			fmt.Fprintf(stderr, "dactest %s: %v\n", cmd, err)
			out.broken = true
		}
		ins = append(ins, found...)
	}
	for i := range ins {
		if d.source != "" {
			ins[i].Source = d.source
		}
		if d.sourcetype != "" {
			ins[i].Sourcetype = d.sourcetype
		}
		if d.host != "" {
			ins[i].Host = d.host
		}
	}
	return ins
}

// expand turns one --data argument into inputs: a descriptor into its
// files, a folder into its data files (descriptors and READMEs skipped).
func (d *dataFlags) expand(p string) ([]replay.Input, error) {
	st, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		if isArchiveMember(p) {
			return []replay.Input{{Path: p}}, nil // ingest reads the member
		}
		return nil, fmt.Errorf("--data %s: no such file or folder", p)
	}
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return folderInputs(p)
	}
	if !replay.IsDescriptor(p) {
		return []replay.Input{{Path: p}}, nil
	}
	desc, err := replay.ReadDescriptor(p)
	if err != nil {
		return nil, err
	}
	ins, errs := desc.Inputs()
	if len(errs) > 0 {
		return ins, errors.Join(errs...)
	}
	return ins, nil
}

// isArchiveMember says whether p is ARCHIVE#PATTERN (FORMATS.md: members
// chosen by path.Match pattern) naming an archive file that exists.
func isArchiveMember(p string) bool {
	file, _, ok := strings.Cut(p, "#")
	if !ok {
		return false
	}
	st, err := os.Stat(file)
	return err == nil && !st.IsDir()
}

func folderInputs(dir string) ([]replay.Input, error) {
	var ins []replay.Input
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := filepath.Ext(p)
		if !e.IsDir() && !replay.IsDescriptor(p) && ext != ".md" {
			ins = append(ins, replay.Input{Path: p})
		}
		return nil
	})
	sort.Slice(ins, func(i, j int) bool { return ins[i].Path < ins[j].Path })
	return ins, err
}

// addonsWithConf is the built-in definitions plus the add-ons in dirs;
// each of their settings that is not applied is named on stderr.
func addonsWithConf(cmd string, dirs []string, stderr io.Writer) (*ingest.Addons, error) {
	a, problems, err := ingest.DefaultAddonsWithConf(dirs)
	for _, p := range problems {
		fmt.Fprintf(stderr, "dactest %s: --addon: not applied: %v\n", cmd, p)
	}
	return a, err
}

// applyAddons runs the search-time extractions of the add-ons load
// compiled (built-in plus --addon).
func (d *dataFlags) applyAddons(rows []event.Row) error {
	if d.addons == nil {
		return fmt.Errorf("add-on definitions not loaded")
	}
	d.addons.ApplyAll(rows)
	return nil
}

func runDatasets(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "validate" {
		if helpWanted(args) {
			return runDatasetsValidate([]string{"--help"}, stdout, stdout)
		}
		if len(args) > 0 {
			fmt.Fprintf(stderr, "dactest datasets: unknown subcommand %q (the one there is: validate)\n\n", args[0])
		}
		datasetsUsage(stderr)
		return exitUsage
	}
	return runDatasetsValidate(args[1:], stdout, stderr)
}

func datasetsUsage(w io.Writer) {
	fmt.Fprint(w, `Usage: dactest datasets validate [--format text|json] DIR|FILE.yml ...

Checks attack_data dataset descriptors (the *.yml beside the data, both the
datasets: form and the older dataset:/sourcetypes: form) against
schemas/dataset.schema.json, then that every data file they name exists (an
error: a test replaying it would have no data) and has a source (a warning:
add-ons key on it). A folder with no descriptor at all is an error. Findings
are file:line:col: severity check-id: message. Exit code: 0 no error, 1 an
error, 2 a usage error (bad flag, a path that does not exist).
`)
}

func runDatasetsValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("datasets validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text | json")
	fs.Usage = func() { datasetsUsage(stderr); fmt.Fprintln(stderr, "\nFlags:"); fs.PrintDefaults() }
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if len(paths) == 0 || (*format != "text" && *format != "json") {
		if len(paths) > 0 {
			fmt.Fprintf(stderr, "dactest datasets validate: unknown --format %q (text or json)\n", *format)
		}
		fs.Usage()
		return exitUsage
	}
	findings, files, ok := validateDescriptors(paths, stderr)
	if !ok {
		return exitUsage
	}
	if *format == "json" {
		if err := report.FindingsJSON(stdout, findings); err != nil {
			return exitUsage
		}
	} else {
		report.Findings(stdout, findings)
		fmt.Fprintf(stdout, "%d descriptor(s) checked\n", files)
	}
	return findingsExit(findings)
}

func validateDescriptors(paths []string, stderr io.Writer) ([]content.Finding, int, bool) {
	var all []content.Finding
	files := 0
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			fmt.Fprintln(stderr, "dactest datasets validate:", err)
			return nil, 0, false
		}
		if !st.IsDir() {
			if !replay.IsDescriptor(p) {
				fmt.Fprintf(stderr, "dactest datasets validate: %s is not a dataset descriptor (.yml or .yaml); give the descriptor or its folder\n", p)
				return nil, 0, false
			}
			all = append(all, replay.ValidateFile(p)...)
			files++
			continue
		}
		fs, n, err := replay.ValidateDir(p)
		if err != nil {
			fmt.Fprintln(stderr, "dactest datasets validate:", err)
			return nil, 0, false
		}
		all = append(all, fs...)
		files += n
	}
	content.SortFindings(all)
	return all, files, true
}
