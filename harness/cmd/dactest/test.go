package main

import (
	"time"

	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/dactest/dactest/harness/fetch"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/report"
	"github.com/dactest/dactest/harness/runner"
)

type testFlags struct {
	contentDir string
	manifests  multiFlag
	dataRoot   string
	reports    multiFlag
	workers    int
	quiet      bool
	verbose    bool
	noProgress bool
	cacheDir   string
	offline    bool
	noValidate bool
	selection  selectionFlags
	addonDirs  multiFlag
}

func testFlagSet(f *testFlags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.contentDir, "content", "", "content tree to test (security_content layout); default: the embedded content")
	fs.Var(&f.manifests, "manifest", "test manifest (repeatable); replaces the detections' own tests")
	fs.StringVar(&f.dataRoot, "data-root", "", "local attack_data checkout standing in for attack_data URLs")
	fs.StringVar(&f.cacheDir, "cache-dir", fetch.DefaultDir(), "download cache for remote datasets (content-addressed; safe to share between runs)")
	fs.BoolVar(&f.noValidate, "no-validate", false, "do not run validate's checks on the tested detections (by default their errors are printed and make the exit code 1, as contentctl will not build such content)")
	fs.BoolVar(&f.offline, "offline", false, "never download: a remote dataset not already in the cache is an error")
	fs.Var(&f.reports, "report", "extra report FORMAT=PATH, FORMAT junit|json|markdown|summary|html|navigator|sarif (repeatable; PATH - is stdout, for one report at most)")
	fs.IntVar(&f.workers, "workers", 0, "parallel tests (default: one per core)")
	fs.BoolVar(&f.quiet, "quiet", false, "print only failures and the summary; no progress")
	fs.BoolVar(&f.verbose, "verbose", false, "also print skipped tests (passing ones are printed anyway), and each test on stderr as it finishes")
	fs.BoolVar(&f.noProgress, "no-progress", false, "no progress (a live line on a terminal, a line every few seconds otherwise)")
	f.selection.register(fs)
	fs.Var(&f.addonDirs, "addon", "a Splunk add-on directory (default/, local/ .conf files, lookups/) applied with the built-in definitions; each setting not applied is named (repeatable)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: dactest test [flags] [DETECTION.yml ...]

Runs each selected detection's tests (or each manifest case) and judges
them as contentctl's unit tests do; a detection file that does not load, or
a search that does not parse, fails its tests. With no flags it tests the
content embedded in dactest. Detection files narrow the run to them; without
--content the tree is the folder above the files' detections/ folder.
Flags may stand before or after the files.
`+selectionHelp+`
Flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

func runTest(args []string, stdout, stderr io.Writer) int {
	var f testFlags
	fs := testFlagSet(&f, stderr)
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if err := checkTestFlags(&f, files); err != nil {
		fmt.Fprintln(stderr, "dactest test:", err)
		return exitUsage
	}
	reports, err := openReports(f.reports)
	if err != nil {
		fmt.Fprintln(stderr, "dactest test:", err)
		return exitUsage
	}
	defer reports.close()
	plan, err := planTests(&f, files, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "dactest test:", err)
		return exitUsage
	}
	defer plan.cleanup()
	opts, err := runner.DefaultOptions()
	if err == nil && len(f.addonDirs) > 0 {
		opts.Addons, err = addonsWithConf("test", f.addonDirs, stderr)
	}
	if err != nil {
		fmt.Fprintln(stderr, "dactest test:", err)
		return exitUsage
	}
	var run *runner.RunInfo
	f.selection.notes = stderr
	if plan.jobs, run, err = f.selection.apply(plan, opts.Compiler, f.contentDir == "" && len(f.manifests) == 0); err != nil {
		fmt.Fprintln(stderr, "dactest test:", err)
		return exitUsage
	}
	opts.Workers = f.workers
	opts.Downloads = &fetch.Cache{Dir: f.cacheDir, Offline: f.offline, Retries: 3, Backoff: 2 * time.Second}
	opts.Progress = newProgress(stderr, f.quiet || f.noProgress, f.verbose)
	if run != nil {
		run.NotValidated = f.noValidate
	}
	rep := runner.Run(context.Background(), plan.jobs, opts)
	rep.Run = run
	var invalid []content.Finding
	if !f.noValidate {
		invalid = testedValidationErrors(plan.jobs)
		rep.SetValidation(validationErrors(invalid))
	}
	// The tree's compile tally answers "how much of the tree runs"; a run
	// narrowed to named detection files asks about those alone.
	if plan.tallied != nil && len(files) == 0 {
		rep.Compile = opts.Compiler.Tally(plan.tallied.Tree)
	}
	console := stdout
	if reports.usesStdout() {
		console = stderr // keep stdout a well-formed report
	}
	report.Console(console, rep, report.ConsoleOptions{Quiet: f.quiet, Verbose: f.verbose, Skips: len(files) > 0})
	if err := reports.write(rep, stdout); err != nil {
		fmt.Fprintln(stderr, "dactest test:", err)
		return exitUsage
	}
	if n := brokenCases(plan.jobs); n > 0 {
		// The other cases ran and are reported, but the manifest itself
		// is wrong: that is the caller's input, not a test that could
		// not run.
		fmt.Fprintf(stderr, "dactest test: %d manifest case(s) name a content tree or detection that does not exist (ERROR above): fix the manifest\n", n)
		return exitUsage
	}
	if len(invalid) > 0 {
		reportValidationErrors(stderr, invalid)
	}
	noteOtherErrors(stderr, plan.tallied, plan.jobs, invalid)
	return verdictExit(rep.Summary) // a validation error is a failure there
}

// brokenCases counts manifest cases whose content or detection is missing.
func brokenCases(jobs []runner.Job) int {
	n := 0
	for _, j := range jobs {
		if j.Broken != nil {
			n++
		}
	}
	return n
}

func checkTestFlags(f *testFlags, files []string) error {
	switch {
	case f.workers < 0:
		return fmt.Errorf("--workers %d: want 0 (one per core) or more", f.workers)
	case f.quiet && f.verbose:
		return fmt.Errorf("--quiet and --verbose contradict each other")
	case len(f.manifests) > 0 && f.contentDir != "":
		return fmt.Errorf("--manifest names its own content; drop --content")
	case len(f.manifests) > 0 && len(files) > 0:
		return fmt.Errorf("detection files narrow a content run, not a manifest run: %s", strings.Join(files, " "))
	}
	return checkDataRoot(f.dataRoot)
}

// checkDataRoot refuses a --data-root that is not a folder: with a typo
// in it every test would be "dataset file missing", each with a git lfs
// hint for a checkout that is not there.
func checkDataRoot(dir string) error {
	if dir == "" {
		return nil
	}
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("--data-root %s: no such folder (want a local attack_data checkout)", dir)
	case err != nil:
		return fmt.Errorf("--data-root %s: %v", dir, err)
	case !st.IsDir():
		return fmt.Errorf("--data-root %s is a file: want the folder of a local attack_data checkout", dir)
	}
	return nil
}

func verdictExit(s runner.Summary) int {
	switch {
	case s.Fail > 0 || s.Validation > 0:
		return exitFailed
	case s.Error > 0 || s.Unsupported > 0:
		return exitIncomplete
	}
	return exitOK
}

func usageExit(err error) int {
	if err == flag.ErrHelp {
		return exitOK
	}
	return exitUsage
}

// noteOtherErrors counts the files of the tree with load errors that no
// report names: a tested file that does not load is a FAIL (load) test,
// and validation lists the errors of the files the run tests or uses
// (INVALID), so what is left are files the run neither tests nor uses.
func noteOtherErrors(w io.Writer, c *runner.Content, jobs []runner.Job, listed []content.Finding) {
	if c == nil {
		return
	}
	named := map[string]bool{}
	for _, f := range listed {
		named[f.Pos.File] = true
	}
	for _, j := range jobs {
		if j.Detection != nil {
			named[j.Detection.File] = true
		}
	}
	others := map[string]bool{}
	for _, f := range c.Tree.Findings {
		if f.Severity == content.SeverityError && !named[f.Pos.File] {
			others[f.Pos.File] = true
		}
	}
	if len(others) > 0 {
		fmt.Fprintf(w, "dactest test: %d file(s) of %s that this run does not test have load errors (dactest validate names them)\n", len(others), c.Tree.Label)
	}
}
