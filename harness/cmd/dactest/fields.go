package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/inspect"
)

func runFields(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fields", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var d dataFlags
	d.register(fs)
	format := fs.String("format", "table", "table | json")
	samples := fs.Int("samples", 3, "commonest values shown per field")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: dactest fields --data PATH [--data PATH ...] [flags]

Lists every field the events have once read and passed through the
add-ons: how many events carry it, how many distinct values it takes, its
commonest values, and its origin - "extracted" by the dataset reader, or
"add-on" when a search-time extraction (KV_MODE, EXTRACT, FIELDALIAS,
EVAL, eventtype, tag) added it. The first thing to look at when a
detection does not fire.

Exit code: 0 every event was read; 1 the list could not be written; 2 a
usage error or --data that gives no event; 3 some input was lost or
skipped (the fields are those of the rest).

Flags:
`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if msg := fieldsArgsProblem(pos, *format, *samples); msg != "" {
		fmt.Fprintf(stderr, "dactest fields: %s (dactest fields --help)\n", msg)
		return exitUsage
	}
	loaded, ok := d.load("fields", stderr)
	if !ok {
		return exitUsage
	}
	inv := inspect.CollectTraced(loaded.rows, d.addons.ApplyTraced, *samples)
	if *format == "json" {
		err = writeFieldsJSON(stdout, len(loaded.rows), inv)
	} else {
		err = writeFieldsTable(stdout, len(loaded.rows), inv)
	}
	if err != nil {
		fmt.Fprintln(stderr, "dactest fields:", err)
		return exitFailed
	}
	if loaded.broken {
		return exitIncomplete
	}
	return exitOK
}

func writeFieldsTable(w io.Writer, events int, inv []inspect.Field) error {
	fmt.Fprintf(w, "%d events, %d fields\n", events, len(inv))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FIELD\tEVENTS\tCOVERAGE\tDISTINCT\tORIGIN\tSAMPLES\tRULE")
	for _, f := range inv {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%s\t%s\t%s\n", f.Name, f.Events, coverageCell(f.Coverage), f.Distinct,
			strings.Join(f.Origins, "+"), sampleText(f.Samples), strings.Join(f.Rules, "; "))
	}
	return tw.Flush()
}

// coverageCell rounds a share of events to a whole percent, except that a
// field some events have never reads 0% and one some events lack never
// reads 100%: those two are what one looks for in this column.
func coverageCell(c float64) string {
	switch pct := 100 * c; {
	case pct > 0 && pct < 1:
		return "<1%"
	case pct > 99 && pct < 100:
		return ">99%"
	default:
		return fmt.Sprintf("%.0f%%", pct)
	}
}

// sampleText shows each sample value with its event count, shortened so
// a _raw sample does not flood the table.
func sampleText(ss []inspect.Sample) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = fmt.Sprintf("%s (%d)", tableCell(event.Single(shorten(s.Value, 40))), s.Count)
	}
	return strings.Join(parts, ", ")
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func writeFieldsJSON(w io.Writer, events int, inv []inspect.Field) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Events int             `json:"events"`
		Fields []inspect.Field `json:"fields"`
	}{events, inv})
}

// fieldsArgsProblem names what is wrong with the arguments; "" when nothing.
func fieldsArgsProblem(pos []string, format string, samples int) string {
	switch {
	case len(pos) > 0:
		return fmt.Sprintf("unexpected argument %q (datasets go in --data)", pos[0])
	case format != "table" && format != "json":
		return fmt.Sprintf("unknown --format %q (table or json)", format)
	case samples < 0:
		return fmt.Sprintf("--samples %d: want 0 or more", samples)
	}
	return ""
}
