package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/report"
	"github.com/dactest/dactest/harness/runner"
)

func runMerge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var reports multiFlag
	fs.Var(&reports, "report", "write the merged report as FORMAT=PATH (repeatable; formats as for dactest test)")
	quiet := fs.Bool("quiet", false, "no console output: only the reports and the exit code")
	allowPartial := fs.Bool("allow-partial", false, "merge even when shards are missing: the summary is marked partial, the missing shard numbers are named, and the exit code is never 0")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: dactest merge OUT.json IN.json...
       dactest merge --report FORMAT=PATH [--report ...] IN.json...

Combines the JSON reports of the shards of one run (dactest test --shard K/N
--report json=...) into the reports one unsharded run would have written:
every test once, the summary recounted, the longest shard's duration.
Prints the failures and the summary; the exit code is the merged run's.

Each JSON report records its shard K/N and its run's content id (a digest
of the whole plan: detections, searches, tests, datasets, selection). Merge
refuses, with exit code 2 and nothing written: reports of different runs
(content ids differ), the same shard twice, a test in two shards, a report
without a content id (older dactest), and a set with shards missing, which
it names ("shard(s) 2, 4 of 4 missing"). With --allow-partial a set with
shards missing is merged: the summary says partial, the JSON report lists
run.missing_shards, and the exit code is 3 when nothing failed (1 when
something did), never 0.

Flags:
`)
		fs.PrintDefaults()
	}
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	outForm := len(reports) == 0 && len(files) > 0
	if outForm {
		reports, files = multiFlag{"json=" + files[0]}, files[1:]
	}
	for i, f := range files {
		if _, err := os.Stat(f); err != nil {
			hint := ""
			if i == 0 && !outForm {
				hint = " (with --report, every file argument is an input: OUT.json is for the form without --report)"
			}
			fmt.Fprintf(stderr, "dactest merge: input report %s: %v%s\n", f, err, hint)
			return exitUsage
		}
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "dactest merge: no input reports (dactest merge OUT.json IN.json...)")
		return exitUsage
	}
	if err := checkMergeOutputs(reports, files); err != nil {
		fmt.Fprintln(stderr, "dactest merge:", err)
		return exitUsage
	}
	merged, err := mergeFiles(files, runner.MergeOptions{AllowPartial: *allowPartial})
	if err != nil {
		fmt.Fprintln(stderr, "dactest merge:", err)
		return exitUsage
	}
	outs, err := openReports(reports)
	if err != nil {
		fmt.Fprintln(stderr, "dactest merge:", err)
		return exitUsage
	}
	defer outs.close()
	if !*quiet {
		console := stdout
		if outs.usesStdout() {
			console = stderr
		}
		report.Console(console, merged, report.ConsoleOptions{Quiet: true})
	}
	if err := outs.write(merged, stdout); err != nil {
		fmt.Fprintln(stderr, "dactest merge:", err)
		return exitUsage
	}
	return mergedExit(merged.Summary)
}

// checkMergeOutputs refuses to write over a shard's report: `dactest
// merge shard-*.json` puts shard-1.json in the OUT.json place, and with
// --allow-partial the merge of the others would replace it — a shard's
// results lost to a shell glob. An output that is also an input is
// refused too.
func checkMergeOutputs(reports, inputs []string) error {
	in := map[string]bool{}
	for _, f := range inputs {
		in[filepath.Clean(f)] = true
	}
	for _, spec := range reports {
		_, path, _ := strings.Cut(spec, "=")
		if path == "-" || path == "" {
			continue
		}
		if in[filepath.Clean(path)] {
			return fmt.Errorf("--report %s would write over one of the input reports", spec)
		}
		if k, n, ok := shardOf(path); ok {
			return fmt.Errorf("%s is shard %d/%d's own report and would be overwritten: name the merged file first (dactest merge merged.json shard-*.json) or use --report json=merged.json", path, k, n)
		}
	}
	return nil
}

// shardOf reads the shard K/N a JSON report at path records; ok is false
// for a missing file or anything that is not a shard's report.
func shardOf(path string) (k, n int, ok bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, false
	}
	var doc jsonReportIn
	if json.Unmarshal(data, &doc) != nil || doc.Run == nil || doc.Run.Shard == nil {
		return 0, 0, false
	}
	return doc.Run.Shard.K, doc.Run.Shard.N, true
}

// mergedExit is the merged run's exit code; a partial run never exits 0,
// so a CI job whose shard was lost cannot go green.
func mergedExit(s runner.Summary) int {
	code := verdictExit(s)
	if s.Partial && code == exitOK {
		return exitIncomplete
	}
	return code
}

// mergeFiles reads every input before any output is opened, so OUT.json
// may also be read as an input of a previous merge without being truncated.
func mergeFiles(files []string, opts runner.MergeOptions) (*runner.Report, error) {
	var reps []*runner.Report
	for _, f := range files {
		rep, err := readJSONReport(f)
		if err != nil {
			return nil, err
		}
		reps = append(reps, rep)
	}
	return runner.Merge(reps, files, opts)
}

// jsonReportIn reads back what report.JSON writes. Each test decodes into
// runner.TestResult directly (its JSON names are the report's), so fields
// added to both later survive a merge; the few the report renders
// differently are read separately.
type jsonReportIn struct {
	Version    int                      `json:"version"`
	DurationMS float64                  `json:"duration_ms"`
	Compile    runner.CompileStats      `json:"compile"`
	Run        *runner.RunInfo          `json:"run"`
	Searches   map[string]string        `json:"searches"`
	Tests      []jsonTestIn             `json:"tests"`
	Validation []runner.ValidationError `json:"validation_errors"`
}

type jsonTestIn struct {
	runner.TestResult
	DetectionName string           `json:"detection_name"`
	DurationMS    float64          `json:"duration_ms"`
	Rows          []map[string]any `json:"rows"` // strings, or arrays for multivalues
}

func readJSONReport(path string) (*runner.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc jsonReportIn
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not a dactest JSON report: %v", path, err)
	}
	if doc.Version != report.Version {
		return nil, fmt.Errorf("%s: report version %d, this dactest reads version %d", path, doc.Version, report.Version)
	}
	rep := &runner.Report{Compile: doc.Compile, Run: doc.Run, Duration: msDuration(doc.DurationMS)}
	rep.SetValidation(doc.Validation)
	for i, t := range doc.Tests {
		r := t.TestResult
		r.Detection, r.Duration = t.DetectionName, msDuration(t.DurationMS)
		if r.Search == "" {
			r.Search = doc.Searches[r.File]
		}
		rows, err := eventRows(t.Rows)
		if err != nil {
			return nil, fmt.Errorf("%s: tests[%d]: %v", path, i, err)
		}
		r.Rows = rows
		rep.Results = append(rep.Results, r)
	}
	return rep, nil
}

func eventRows(in []map[string]any) ([]event.Row, error) {
	var out []event.Row
	for _, m := range in {
		row := make(event.Row, len(m))
		for k, v := range m {
			val, err := eventValue(v)
			if err != nil {
				return nil, fmt.Errorf("row field %s: %v", k, err)
			}
			row[k] = val
		}
		out = append(out, row)
	}
	return out, nil
}

func eventValue(v any) (event.Value, error) {
	switch v := v.(type) {
	case string:
		return event.Single(v), nil
	case []any:
		var out event.Value
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("multivalue item %v is not a string", x)
			}
			out = append(out, s)
		}
		return out, nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("value %v is neither a string nor a list of strings", v)
}

func msDuration(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
