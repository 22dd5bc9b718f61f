package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/dactest/dactest"
	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("content", "", "content tree to validate; default: the embedded content")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: dactest validate [--content DIR]\n\nPrints file:line:col: severity check-id: message for every finding.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageExit(err)
	}
	var tree *content.Tree
	var err error
	if *dir == "" {
		tree, err = content.Load(dactest.Content, "(embedded)")
	} else {
		var c *runner.Content
		c, err = runner.NewContentLoader().Dir(*dir)
		if c != nil {
			tree = c.Tree
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "dactest validate:", err)
		return exitUsage
	}
	findings := tree.Findings
	errors := 0
	for _, f := range findings {
		fmt.Fprintln(stdout, f.String())
		if f.Severity == "error" {
			errors++
		}
	}
	fmt.Fprintf(stdout, "%d detections, %d macros, %d lookups, %d stories, %d data sources: %d findings, %d errors\n",
		len(tree.Detections), len(tree.Macros), len(tree.Lookups), len(tree.Stories), len(tree.DataSources), len(findings), errors)
	if errors > 0 {
		return exitFailed
	}
	return exitOK
}
