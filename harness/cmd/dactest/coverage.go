package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dactest/dactest/harness/runner"
)

func runCoverage(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("coverage", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("content", "", "content tree (security_content layout); default: the embedded content")
	format := fs.String("format", "text", "output format: text | json")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: dactest coverage [--content DIR] [--format text|json]

Compiles every detection that is not deprecated and reports the share that
runs with no unsupported piece (production detections separately), each
command and function the searches use with how many detections use it and
whether the engine supports it, and the pieces still missing with reasons.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return usageExit(err)
	}
	if fs.NArg() > 0 || (*format != "text" && *format != "json") {
		fmt.Fprintln(stderr, "dactest coverage: takes only --content DIR and --format text|json")
		return exitUsage
	}
	tree, err := loadContentTree(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "dactest coverage:", err)
		return exitUsage
	}
	opts, err := runner.DefaultOptions()
	if err != nil {
		fmt.Fprintln(stderr, "dactest coverage:", err)
		return exitUsage
	}
	cov := opts.Compiler.Coverage(tree)
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(cov); err != nil {
			return exitUsage
		}
		return exitOK
	}
	printCoverage(stdout, cov)
	return exitOK
}

func printCoverage(w io.Writer, cov runner.Coverage) {
	fmt.Fprintf(w, "production: %d of %d detections run (%.1f%%)\n", cov.Production.Runnable, cov.Production.Detections, cov.Production.Percent())
	fmt.Fprintf(w, "all active: %d of %d detections run (%.1f%%)\n\n", cov.All.Runnable, cov.All.Detections, cov.All.Percent())
	fmt.Fprintf(w, "%-15s %-24s %10s %10s  %s\n", "KIND", "NAME", "DETECTIONS", "PRODUCTION", "SUPPORT")
	for _, p := range cov.Pieces {
		fmt.Fprintf(w, "%-15s %-24s %10d %10d  %s\n", p.Kind, p.Name, p.Detections, p.Production, support(p))
	}
	if len(cov.Missing) == 0 {
		return
	}
	fmt.Fprintf(w, "\nnot runnable (%d pieces; detections: all / production):\n", len(cov.Missing))
	for _, m := range cov.Missing {
		reason := m.Reason
		switch {
		case reason != "":
		case m.Kind == "macro" && strings.HasPrefix(m.What, "undefined macro"):
			// the content's gap, not the engine's: no file defines it
			reason = "no macros/ file defines it (an app such as Enterprise Security ships it)"
		default:
			reason = "not implemented"
		}
		fmt.Fprintf(w, "  %4d / %-4d %s: %s — %s (e.g. %s)\n", m.Detections, m.Production, m.Kind, m.What, reason, filepath.Base(m.Examples[0]))
	}
}

func support(p runner.PieceUse) string {
	switch {
	case p.Supported():
		return "supported"
	case p.Unsupported == p.Detections:
		return "unsupported"
	}
	return fmt.Sprintf("partial (unsupported form or missing data in %d)", p.Unsupported)
}
