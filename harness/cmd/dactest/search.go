package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/dactest/dactest/harness/engine"
	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/ingest"
	"github.com/dactest/dactest/harness/runner"
	"github.com/dactest/dactest/harness/spl"
)

func runSearch(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var d dataFlags
	d.register(fs)
	contentDir := fs.String("content", "", "content tree whose macros/ expand in the query; default: the embedded content")
	format := fs.String("format", "", "table | json | csv | jsonl (default: table on a terminal, jsonl otherwise)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: dactest search 'SPL' --data PATH [--data PATH ...] [flags]

Runs one search over the datasets' events, with the add-ons' field
extractions and the CIM data models, and prints the result rows. Macros of
the content tree expand (`+"`security_content_ctime(firstTime)`"+` etc.). A search
that is not valid SPL, or uses what the engine lacks, is reported with a
caret under the column. Event results show _time, host, source, sourcetype
and _raw in a table (a table or fields command's columns as chosen);
json, csv and jsonl carry every field.

Time: "now" is the newest event's _time, not the clock, as in dactest
test (contentctl moves a dataset's events to the present before it
searches): earliest=-24h, relative_time(now(), ...) and now() count back
from the dataset's own end, so a capture from last year still matches.
A search that starts with | makeresults or | inputlookup (a table of
--content) needs no --data (now is then the clock).

Exit code: 0 the search ran over every event; 1 it failed while running or
its rows could not be written; 2 a usage error, SPL that is not valid, or
--data that gives no event; 3 the engine lacks something the search uses,
or some input was lost or skipped (the rows come from the rest).

Flags:
`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return usageExit(err)
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "dactest search: give exactly one search (quote it)")
		fs.Usage()
		return exitUsage
	}
	if *format == "" {
		*format = defaultFormat(stdout)
	}
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "dactest search: unknown --format %q (table, json, csv, jsonl)\n", *format)
		return exitUsage
	}
	prog, code := compileSearch(pos[0], *contentDir, stderr)
	if prog == nil {
		return code
	}
	if len(d.data) == 0 && prog.Generates() {
		// makeresults and inputlookup need no dataset; a subsearch would read none
		fmt.Fprintln(stderr, "dactest search: no --data: the search runs over no event (its first command makes its own rows)")
		return searchOver(prog, &dataLoad{}, *format, stdout, stderr)
	}
	loaded, ok := d.load("search", stderr)
	if !ok {
		return exitUsage
	}
	if err := d.applyAddons(loaded.rows); err != nil {
		fmt.Fprintln(stderr, "dactest search:", err)
		return exitUsage
	}
	if n := ingest.StampUndated(loaded.rows); n > 0 {
		fmt.Fprintf(stderr, "dactest search: %d of %d events carry no timestamp dactest reads: they get the newest event's time (as HEC stamps an event without one when it receives it)\n", n, len(loaded.rows))
	}
	return searchOver(prog, loaded, *format, stdout, stderr)
}

// searchOver runs the program over the loaded events and prints the rows.
func searchOver(prog *engine.Program, loaded *dataLoad, format string, stdout, stderr io.Writer) int {
	res, err := prog.Run(context.Background(), engine.NewDataset(loaded.rows))
	if err != nil {
		fmt.Fprintln(stderr, "dactest search:", err)
		return exitFailed
	}
	if err := writeTable(stdout, res, format); err != nil {
		fmt.Fprintln(stderr, "dactest search:", err)
		return exitFailed
	}
	if loaded.broken {
		return exitIncomplete
	}
	return exitOK
}

// compileSearch expands the content's macros, parses and compiles; on
// failure it prints each problem under the query text it concerns.
func compileSearch(query, contentDir string, stderr io.Writer) (*engine.Program, int) {
	tree, err := loadTree(contentDir)
	if err != nil {
		fmt.Fprintln(stderr, "dactest search:", err)
		return nil, exitUsage
	}
	c := &searchCompile{query: query, macros: runner.SPLMacros(tree), stderr: stderr}
	q, ok := c.parse(query)
	if !ok {
		return nil, exitUsage
	}
	if !generates(q) {
		// The datasets stand in for the index: `| stats count by X` means
		// the datasets' events piped into stats. (In Splunk a leading
		// non-generating command sees no events at all.)
		c.shift = len(allEvents)
		if q, ok = c.parse(allEvents + query); !ok {
			return nil, exitUsage
		}
	}
	opts, err := runner.DefaultOptions()
	if err != nil {
		fmt.Fprintln(stderr, "dactest search:", err)
		return nil, exitUsage
	}
	// Env.Now stays zero: now() and time() are each run's replay now, the
	// instant earliest=/latest= resolve against, as in `dactest test`
	// (engine/timebound.go), so a search tried here behaves as in a test.
	env := *opts.Compiler.Env(tree)
	prog, err := engine.Compile(q, &env)
	if err != nil {
		c.print(err)
		return nil, compileExit(err)
	}
	for _, w := range prog.Warnings {
		c.warn(w)
	}
	return prog, exitOK
}

// allEvents is put in front of a query whose first command needs input.
const allEvents = "search * "

type searchCompile struct {
	query  string
	macros spl.Macros
	exp    *spl.Expansion
	shift  int // bytes put in front of the user's query
	stderr io.Writer
}

func (c *searchCompile) parse(text string) (*spl.Query, bool) {
	exp, err := spl.Expand(text, c.macros)
	if err != nil {
		c.print(err)
		return nil, false
	}
	c.exp = exp
	q, err := exp.Parse()
	if err != nil {
		c.print(exp.Resolve(err))
		return nil, false
	}
	return q, true
}

func (c *searchCompile) print(err error) {
	printSPLErrors(c.stderr, "", c.query, c.macros, c.exp, err, c.shift)
}

// warn prints a compile warning: the search runs, so it says "warning".
func (c *searchCompile) warn(err error) {
	printSPLErrors(c.stderr, "warning: ", c.query, c.macros, c.exp, err, c.shift)
}

// generates: the first command produces events by itself (a search over
// the datasets, tstats, from, inputlookup, ...).
func generates(q *spl.Query) bool {
	if len(q.Commands) == 0 {
		return true
	}
	switch q.Commands[0].CommandName() {
	case "stats", "eval", "where", "table", "fields", "rename", "dedup", "sort", "head", "tail",
		"eventstats", "streamstats", "fillnull", "convert", "rex", "spath", "lookup", "transaction",
		"timechart", "chart", "top", "rare", "bin", "bucket", "regex", "xmlkv", "mvexpand", "makemv":
		return false
	}
	return true
}

// compileExit: a search using what the engine lacks is incomplete (3),
// a wrong one is unusable input (2).
func compileExit(err error) int {
	var list engine.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			if e.Kind != engine.KindUnsupported {
				return exitUsage
			}
		}
		return exitIncomplete
	}
	return exitUsage
}

// printSPLErrors prints every problem of err with the line of text it is
// in and a caret under its column: the user's query, or the macro
// definition the text came from.
func printSPLErrors(w io.Writer, severity, query string, macros spl.Macros, exp *spl.Expansion, err error, shift int) {
	for _, p := range splProblems(err, exp) {
		text, label := query, "query"
		if p.macro == "" && p.offset >= 0 {
			p.offset = max(p.offset-shift, 0)
		}
		if p.macro != "" {
			label = "macro `" + p.macro + "`"
			text = macroDefinition(macros, p.macro)
			if p.file != "" {
				label += " (" + p.file + ")"
			}
		}
		fmt.Fprintf(w, "dactest search: %s%s: %s\n%s", severity, label, p.msg, caret(text, p.offset))
	}
}

type splProblem struct {
	msg, macro, file string
	offset           int
}

func splProblems(err error, exp *spl.Expansion) []splProblem {
	var out []splProblem
	var sl spl.ErrorList
	var se *spl.Error
	var el engine.ErrorList
	var ce *engine.CompileError
	switch {
	case errors.As(err, &sl):
		for _, e := range sl {
			out = append(out, fromSPL(e))
		}
	case errors.As(err, &se):
		out = append(out, fromSPL(se))
	case errors.As(err, &el):
		for _, e := range el {
			out = append(out, fromCompile(e, exp))
		}
	case errors.As(err, &ce):
		out = append(out, fromCompile(ce, exp))
	default:
		out = append(out, splProblem{msg: err.Error(), offset: -1})
	}
	return out
}

func fromSPL(e *spl.Error) splProblem {
	if e.Resolved {
		return splProblem{msg: e.Msg, macro: e.Macro, file: e.File, offset: e.Offset}
	}
	return splProblem{msg: e.Msg, offset: int(e.Pos)}
}

func fromCompile(e *engine.CompileError, exp *spl.Expansion) splProblem {
	msg := e.Msg
	if e.Kind == engine.KindInvalid && e.What != "" {
		msg = e.What + ": " + e.Msg
	}
	if e.Kind == engine.KindUnsupported {
		msg = "unsupported: " + e.What
		if e.Msg != "" && e.Msg != e.What {
			msg += " (" + e.Msg + ")"
		}
	}
	if exp == nil {
		return splProblem{msg: msg, offset: int(e.Pos)}
	}
	macro, file, off := exp.Origin(e.Pos)
	return splProblem{msg: msg, macro: macro, file: file, offset: off}
}

func macroDefinition(macros spl.Macros, name string) string {
	for _, m := range macros {
		if m.Name == name || spl.MacroKey(m.Name, len(m.Params)) == name {
			return m.Definition
		}
	}
	return ""
}

// caret renders the line of text holding byte offset off and a caret
// under it (columns count runes, tabs kept so the caret lines up).
// A negative offset prints nothing.
func caret(text string, off int) string {
	if off < 0 || off > len(text) {
		return ""
	}
	start := strings.LastIndexByte(text[:off], '\n') + 1
	end := strings.IndexByte(text[off:], '\n')
	if end < 0 {
		end = len(text)
	} else {
		end += off
	}
	var pad strings.Builder
	for _, r := range text[start:off] {
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	return "  " + text[start:end] + "\n  " + pad.String() + "^\n"
}

// defaultFormat is a table for people and JSON lines for pipes.
func defaultFormat(w io.Writer) string {
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return "table"
		}
	}
	return "jsonl"
}

func validFormat(f string) bool {
	return f == "table" || f == "json" || f == "csv" || f == "jsonl"
}

// eventColumns are the columns a table shows for raw events, as Splunk's
// events view leads with time, metadata and the raw text.
var eventColumns = []string{event.Time, event.Host, event.Source, event.Sourcetype, event.Raw}

// writeTable prints a result in the chosen format.
func writeTable(w io.Writer, res *engine.Result, format string) error {
	t := res.Table
	switch format {
	case "json":
		return writeJSONRows(w, t, true)
	case "jsonl":
		return writeJSONRows(w, t, false)
	case "csv":
		return writeCSV(w, t)
	}
	cols := t.Columns
	if res.Events && hasColumn(cols, event.Raw) { // a table or fields the search chose is shown as chosen
		cols = eventColumns
	}
	return writeAligned(w, cols, t.Rows)
}

func hasColumn(cols []string, name string) bool {
	for _, c := range cols {
		if c == name {
			return true
		}
	}
	return false
}

// maxCell keeps a table readable when a cell holds a whole _raw.
const maxCell = 120

func writeAligned(w io.Writer, cols []string, rows []event.Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(cols, "\t"))
	for _, r := range rows {
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = tableCell(displayValue(c, r.Get(c)))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d row(s)\n", len(rows))
	return err
}

// displayValue shows _time as a UTC date, as Splunk's tables show it
// (in the user's zone there); other values are unchanged.
func displayValue(col string, v event.Value) event.Value {
	if col != event.Time {
		return v
	}
	secs, ok := v.Number()
	if !ok || v.Multi() {
		return v
	}
	t := time.UnixMicro(int64(math.Round(secs * 1e6))).UTC()
	return event.Single(t.Format("2006-01-02 15:04:05.000000Z"))
}

// tableCell writes a multivalue cell on one line, elements joined by " | ",
// with tabs and newlines made visible so columns stay aligned.
func tableCell(v event.Value) string {
	s := strings.Join(v, " | ")
	s = strings.NewReplacer("\t", `\t`, "\r", `\r`, "\n", `\n`).Replace(s)
	if utf8.RuneCountInString(s) > maxCell {
		s = string([]rune(s)[:maxCell-1]) + "…"
	}
	return s
}

func writeCSV(w io.Writer, t event.Table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for i, c := range t.Columns {
			rec[i] = r.Get(c).String() // multivalue: newline-separated, as Splunk's CSV export
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeJSONRows writes each row as an object with its columns in order,
// a multivalue field as an array and a null one left out; as one array
// (json) or one object per line (jsonl).
func writeJSONRows(w io.Writer, t event.Table, array bool) error {
	bw := bufio.NewWriter(w)
	if array {
		bw.WriteString("[")
	}
	for i, r := range t.Rows {
		if array && i > 0 {
			bw.WriteString(",")
		}
		if array {
			bw.WriteString("\n  ")
		}
		bw.Write(rowObject(t.Columns, r))
		if !array {
			bw.WriteString("\n")
		}
	}
	if array {
		if len(t.Rows) > 0 {
			bw.WriteString("\n")
		}
		bw.WriteString("]\n")
	}
	return bw.Flush()
}

func rowObject(cols []string, r event.Row) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	out := []byte{'{'}
	n := 0
	for _, c := range cols {
		v := r.Get(c)
		if v.Null() {
			continue
		}
		if n > 0 {
			out = append(out, ',')
		}
		n++
		buf.Reset()
		_ = enc.Encode(c)
		if v.Multi() {
			_ = enc.Encode([]string(v))
		} else {
			_ = enc.Encode(v.First())
		}
		parts := bytes.SplitN(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n"), 2)
		out = append(append(append(out, parts[0]...), ':'), parts[1]...)
	}
	return append(out, '}')
}
