// Command dactest validates Splunk ES Content Update detections and tests
// them against attack datasets without Splunk. The commands are thin: each
// parses flags and calls the harness packages.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes, documented in usage.
const (
	exitOK         = 0
	exitFailed     = 1 // a test failed, or validation found errors
	exitUsage      = 2 // bad flags or unusable input (content root, manifest)
	exitIncomplete = 3 // nothing failed, but some tests could not run
)

var version = "0.1.0-dev"

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"test", "run detection tests (the default content, a content tree, or manifests)", runTest},
		{"merge", "combine the JSON reports of sharded runs into one set of reports", runMerge},
		{"validate", "check content against schemas and semantic rules", runValidate},
		{"explain", "show where a detection's events are dropped, stage by stage, and why", runExplain},
		{"search", "run one SPL search over datasets and print the rows", runSearch},
		{"coverage", "show which commands and functions the content uses and the share the engine runs", runCoverage},
		{"fields", "list the fields of datasets: coverage, distinct values, samples, origin", runFields},
		{"replay", "write datasets as normalized JSON lines or send them to a Splunk HEC", runReplay},
		{"datasets", "validate attack_data dataset descriptors", runDatasets},
		{"datasources", "check which fields each data source's example event gets, as its add-on gives them", runDatasources},
		{"version", "print the version", runVersion},
	}
}

func main() { os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr)) }

func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	if args[0] == "help" && len(args) > 1 {
		return dispatch([]string{args[1], "--help"}, stdout, stderr)
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return exitOK
	}
	if args[0] == "--version" || args[0] == "-version" {
		return runVersion(args[1:], stdout, stderr)
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		if helpWanted(args[1:]) {
			// Help asked for is the output, not a diagnostic: stdout, so
			// that `dactest test --help | less` shows it.
			return c.run(args[1:], stdout, stdout)
		}
		return c.run(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "dactest: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// runVersion prints the version; it takes no arguments (a typo there is
// not a version request).
func runVersion(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "dactest version: takes no arguments, got %s\n", strings.Join(args, " "))
		return exitUsage
	}
	fmt.Fprintln(stdout, "dactest", version)
	return exitOK
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "dactest %s — test Splunk detections against attack data, without Splunk\n\nUsage: dactest <command> [flags]\n\nCommands:\n", version)
	width := 0
	for _, c := range commands() {
		width = max(width, len(c.name))
	}
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "dactest <command> --help" for a command's flags.

Exit codes:
  0  every test that ran passed (skips allowed); validation found no error
  1  a test failed, or validation found an error (explain: the detection does
     not load or compile; replay: the collector refused a batch)
  2  usage error, or input that cannot be used at all (content root, manifest,
     reports dactest merge refuses)
  3  nothing failed, but some tests could not run (missing data, unsupported SPL),
     or dactest merge --allow-partial lacks shards
`)
}
