package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dactest/dactest/harness/report"
	"github.com/dactest/dactest/harness/runner"
)

type reportSpec struct{ format, path string }

var reportWriters = map[string]func(io.Writer, *runner.Report) error{
	"junit": report.JUnit,
	"json":  func(w io.Writer, r *runner.Report) error { return report.JSON(w, r, "dactest "+version) },
}

func parseReports(specs []string) ([]reportSpec, error) {
	var out []reportSpec
	for _, s := range specs {
		format, path, ok := strings.Cut(s, "=")
		if !ok || path == "" {
			return nil, fmt.Errorf("--report %q: want FORMAT=PATH, e.g. junit=out/junit.xml", s)
		}
		if _, known := reportWriters[format]; !known {
			return nil, fmt.Errorf("--report %q: unknown format %q (known: junit, json)", s, format)
		}
		out = append(out, reportSpec{format, path})
	}
	return out, nil
}

func writeReports(specs []reportSpec, rep *runner.Report, stdout io.Writer) error {
	for _, s := range specs {
		if err := writeReport(s, rep, stdout); err != nil {
			return fmt.Errorf("%s report %s: %w", s.format, s.path, err)
		}
	}
	return nil
}

func writeReport(s reportSpec, rep *runner.Report, stdout io.Writer) error {
	if s.path == "-" {
		return reportWriters[s.format](stdout, rep)
	}
	f, err := os.Create(s.path)
	if err != nil {
		return err
	}
	if err := reportWriters[s.format](f, rep); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
