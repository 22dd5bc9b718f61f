package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/dactest/dactest"
	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/report"
	"github.com/dactest/dactest/harness/runner"
	"github.com/dactest/dactest/harness/validate"
)

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("content", "", "content tree to validate (security_content layout); default: the embedded content")
	format := fs.String("format", "text", "output format: text | json")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: dactest validate [--content DIR] [--format text|json]

Loads every file of the tree, checks it against the JSON Schemas and the
semantic checks, and expands, parses and compiles every search. Text output
is compiler-style: file:line:col: severity check-id: message.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dactest validate: unexpected argument %q (validate takes a whole tree: --content DIR)\n", fs.Arg(0))
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "dactest validate: unknown --format %q (text, json)\n", *format)
		return exitUsage
	}
	tree, err := loadTree(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "dactest validate:", err)
		return exitUsage
	}
	opts, err := runner.DefaultOptions()
	if err != nil {
		fmt.Fprintln(stderr, "dactest validate:", err)
		return exitUsage
	}
	findings := append(append([]content.Finding{}, tree.Findings...), validate.Run(tree, validate.Options{})...)
	findings = append(findings, opts.Compiler.SearchFindings(tree)...)
	content.SortFindings(findings)
	if *format == "json" {
		if err := report.FindingsJSON(stdout, findings); err != nil {
			return exitUsage
		}
	} else {
		report.Findings(stdout, findings)
		st := opts.Compiler.Tally(tree)
		fmt.Fprintf(stdout, "\n%d detections, %d macros, %d lookups, %d stories, %d data sources\n",
			len(tree.Detections), len(tree.Macros), len(tree.Lookups), len(tree.Stories), len(tree.DataSources))
		report.CompileTally(stdout, st)
	}
	return findingsExit(findings)
}

func findingsExit(fs []content.Finding) int {
	for _, f := range fs {
		if f.Severity == content.SeverityError {
			return exitFailed
		}
	}
	return exitOK
}

// loadTree loads a content tree from disk, or the embedded one.
func loadTree(dir string) (*content.Tree, error) {
	if dir == "" {
		return content.Load(dactest.Content, "(embedded)")
	}
	c, err := runner.NewContentLoader().Dir(dir)
	if err != nil {
		return nil, err
	}
	return c.Tree, nil
}
