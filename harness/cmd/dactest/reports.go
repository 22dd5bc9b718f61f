package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/report"
	"github.com/dactest/dactest/harness/runner"
)

var reportWriters = map[string]func(io.Writer, *runner.Report) error{
	"json":      func(w io.Writer, r *runner.Report) error { return report.JSON(w, r, "dactest "+version) },
	"markdown":  report.Markdown,
	"junit":     report.JUnit,
	"summary":   report.SummaryYML,
	"html":      report.HTML,
	"navigator": report.Navigator,
	"sarif":     report.TestsSARIF,
}

// knownFormats lists every --report format, sorted.
func knownFormats() []string {
	var out []string
	for f := range reportWriters {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// reportOut is one requested report, its file opened before the run so a
// bad path is a usage error up front, not after minutes of testing. The
// file is emptied only when the report is written: a run that stops
// before (a usage error in planning) leaves the previous report as it
// was, and removes a file it created, so CI never publishes an empty one.
type reportOut struct {
	format, path string
	file         *os.File // nil for stdout
	created      bool     // the file did not exist before this run
	appends      bool     // GitHub's step summary: written after what is there
	written      bool
}

type reportOuts []reportOut

func openReports(specs []string) (reportOuts, error) {
	parsed, err := parseReportSpecs(specs)
	if err != nil {
		return nil, err
	}
	var out reportOuts
	for _, r := range parsed {
		if r.path != "-" {
			if err := r.open(); err != nil {
				out.close()
				return nil, fmt.Errorf("--report %s=%s: %v", r.format, r.path, err)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// parseReportSpecs checks every --report before any file is created, so
// a usage error leaves no truncated file behind.
func parseReportSpecs(specs []string) ([]reportOut, error) {
	var out []reportOut
	toStdout := ""
	for _, s := range specs {
		format, path, ok := strings.Cut(s, "=")
		switch _, known := reportWriters[format]; {
		case !ok || path == "":
			return nil, fmt.Errorf("--report %q: want FORMAT=PATH, e.g. junit=out/junit.xml", s)
		case !known:
			return nil, fmt.Errorf("--report %q: unknown format %q (known: %s)", s, format, strings.Join(knownFormats(), ", "))
		case path == "-" && toStdout != "":
			// Two documents on one stream would make neither readable.
			return nil, fmt.Errorf("--report %s and --report %s both write to stdout: give one of them a file", toStdout, s)
		case path == "-":
			toStdout = s
		}
		out = append(out, reportOut{format: format, path: path})
	}
	return out, nil
}

func (rs reportOuts) usesStdout() bool {
	for _, r := range rs {
		if r.file == nil {
			return true
		}
	}
	return false
}

// write writes every report.
func (rs reportOuts) write(rep *runner.Report, stdout io.Writer) error {
	for i := range rs {
		r := &rs[i]
		var w io.Writer = stdout
		if r.file != nil {
			w = r.file
			if !r.appends {
				if err := r.file.Truncate(0); err != nil {
					return fmt.Errorf("%s report %s: %w", r.format, r.path, err)
				}
			}
		}
		r.written = true
		if err := reportWriters[r.format](w, rep); err != nil {
			return fmt.Errorf("%s report %s: %w", r.format, r.path, err)
		}
		if r.file != nil {
			if err := r.file.Close(); err != nil {
				return fmt.Errorf("%s report %s: %w", r.format, r.path, err)
			}
		}
	}
	return nil
}

// open opens a report file for writing without emptying it yet. GitHub's
// step-summary file is appended to: the step's other commands may have
// written to it already, and GitHub shows all of it.
func (r *reportOut) open() error {
	_, err := os.Stat(r.path)
	r.created = os.IsNotExist(err)
	flags := os.O_WRONLY | os.O_CREATE
	if summary := os.Getenv("GITHUB_STEP_SUMMARY"); summary != "" && r.path == summary {
		flags, r.appends = flags|os.O_APPEND, true
	}
	r.file, err = os.OpenFile(r.path, flags, 0o644)
	return err
}

// close closes the files; a report never written is removed if this run
// created it, and otherwise left as it was.
func (rs reportOuts) close() {
	for _, r := range rs {
		if r.file == nil {
			continue
		}
		r.file.Close()
		if !r.written && r.created {
			os.Remove(r.path)
		}
	}
}
