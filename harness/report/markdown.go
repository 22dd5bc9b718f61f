package report

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/dactest/dactest/harness/runner"
)

// Markdown limits: GitHub caps a step summary at 1 MiB, so a run with
// thousands of tests lists only the first failures in full.
const (
	mdMaxFailures = 50
	mdMaxRows     = 5
	mdMaxListed   = 1000
	mdMaxMessage  = 300 // characters of a message in the all-tests list
	mdMaxCell     = 500 // characters of a result value
)

var statusIcon = map[runner.Status]string{
	runner.Pass: "✅", runner.Fail: "❌", runner.Error: "💥",
	runner.Unsupported: "🚧", runner.Skip: "⏭️",
}

// Markdown writes a summary for GitHub's step summary ($GITHUB_STEP_SUMMARY)
// or a pull-request comment: the counts, then each failing test with its
// message, stage counts and first rows, then every test in a collapsed list.
func Markdown(w io.Writer, rep *runner.Report) error {
	var b strings.Builder
	mdCounts(&b, rep)
	mdTallies(&b, rep)
	mdFailures(&b, worstFirst(rep.Results))
	mdLostInput(&b, worstFirst(rep.Results))
	mdAllTests(&b, worstFirst(rep.Results))
	_, err := io.WriteString(w, b.String())
	return err
}

func mdCounts(b *strings.Builder, rep *runner.Report) {
	s := rep.Summary
	verdict := "✅ all tests passed"
	switch {
	case s.Fail > 0 || s.Validation > 0:
		verdict = "❌ failed"
	case s.Partial:
		verdict = "⚠️ partial"
	case s.Error > 0 || s.Unsupported > 0:
		verdict = "⚠️ incomplete"
	case s.Total == 0:
		verdict = "⚠️ no tests"
	}
	fmt.Fprintf(b, "## dactest: %s\n\n", verdict)
	b.WriteString("| verdict | tests |\n|---|---:|\n")
	for _, row := range []struct {
		st runner.Status
		n  int
	}{{runner.Fail, s.Fail}, {runner.Error, s.Error}, {runner.Unsupported, s.Unsupported}, {runner.Pass, s.Pass}, {runner.Skip, s.Skip}} {
		fmt.Fprintf(b, "| %s %s | %d |\n", statusIcon[row.st], row.st, row.n)
	}
	fmt.Fprintf(b, "| **total** | **%d** |\n\n", s.Total)
	mdValidation(b, rep.Validation)
	fmt.Fprintf(b, "Ran in %s.\n\n", rep.Duration.Round(1e6))
	if note := PartialNote(rep); note != "" {
		fmt.Fprintf(b, "**%s**\n\n", note)
	}
}

func mdFailures(b *strings.Builder, results []runner.TestResult) {
	shown := 0
	for _, t := range results {
		if !failed(t.Status) {
			continue
		}
		if shown == 0 {
			b.WriteString("### Failures\n\n")
		}
		if shown == mdMaxFailures {
			fmt.Fprintf(b, "_… more failing tests are listed below and in the JUnit/JSON reports._\n\n")
			return
		}
		shown++
		mdFailure(b, t)
	}
}

func mdFailure(b *strings.Builder, t runner.TestResult) {
	fmt.Fprintf(b, "#### %s %s — %s\n\n", statusIcon[t.Status], mdText(t.Detection), mdText(t.Test))
	fmt.Fprintf(b, "**%s** · `%s`", strings.ToUpper(string(t.Status)), mdCode(t.File))
	if t.DetectionID != "" {
		fmt.Fprintf(b, " · id `%s`", mdCode(t.DetectionID))
	}
	if t.DetectionType != "" || t.DetectionStatus != "" {
		fmt.Fprintf(b, " · %s, %s", mdText(t.DetectionType), mdText(t.DetectionStatus))
	}
	if len(t.MitreIDs) > 0 {
		fmt.Fprintf(b, " · ATT&CK %s", mdText(strings.Join(techniques(t), ", ")))
	}
	b.WriteString("\n\n")
	if t.Message != "" {
		fmt.Fprintf(b, "> %s\n\n", mdText(t.Message))
	}
	for _, p := range t.Integration {
		fmt.Fprintf(b, "- integration: %s\n", mdText(p))
	}
	if len(t.Integration) > 0 {
		b.WriteString("\n")
	}
	if p := mdProblems(t); p != "" {
		b.WriteString(p + "\n")
	}
	mdRows(b, t)
	mdExplanation(b, t)
	mdStages(b, t)
}

// mdTallies is the console's tally block: why tests errored or were
// skipped, what the engine lacks, and how many tests lost input. On a
// full-tree run of 1,430 errors, "dataset file missing (1430)" is the one
// line a reviewer needs, and the failures listed below are only the first.
func mdTallies(b *strings.Builder, rep *runner.Report) {
	var lines []string
	add := func(label string, counts map[string]int) {
		if len(counts) > 0 {
			lines = append(lines, fmt.Sprintf("- **%s:** %s", label, mdText(strings.Join(tallyParts(counts), ", "))))
		}
	}
	add("errors by reason", errorReasons(rep.Results))
	add("skipped by reason", skipReasons(rep.Results))
	if c := rep.Compile; c.Detections > 0 {
		lines = append(lines, fmt.Sprintf("- **searches:** %d detections, %d compiled, %d unsupported, %d invalid",
			c.Detections, c.Compiled, c.Unsupported, c.Invalid))
		missing, invalid := compileReasons(c)
		add("top missing pieces", missing)
		add("invalid searches", invalid)
	}
	if tests, problems := problemTests(rep.Results); tests > 0 {
		lines = append(lines, fmt.Sprintf("- ⚠️ **input lost:** %d test(s) read datasets with %s while reading them; each says which below",
			tests, plural(problems, "problem")))
	}
	if len(lines) > 0 {
		b.WriteString(strings.Join(lines, "\n") + "\n\n")
	}
}

// mdProblems is a test's lost input as a list item: the count and the
// first problem, which names the file and the offset.
func mdProblems(t runner.TestResult) string {
	n := len(t.Problems)
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("- ⚠️ **input lost:** %s while reading the datasets, the first: `%s`\n",
		plural(n, "problem"), mdCode(clip(oneLine(t.Problems[0]), mdMaxCell)))
}

// mdLostInput lists the tests not among the failures whose datasets lost
// records: a pass (above all an expected "no result") on part of the
// input may not hold on all of it.
func mdLostInput(b *strings.Builder, results []runner.TestResult) {
	shown := 0
	for _, t := range results {
		if failed(t.Status) || len(t.Problems) == 0 {
			continue
		}
		if shown == 0 {
			b.WriteString("### Input lost in tests that did not fail\n\n")
		}
		if shown == mdMaxFailures {
			b.WriteString("_… more tests that lost input are in the JUnit/JSON reports._\n\n")
			break
		}
		shown++
		fmt.Fprintf(b, "#### %s %s — %s\n\n`%s`\n\n%s\n", statusIcon[t.Status], mdText(t.Detection), mdText(t.Test), mdCode(t.File), mdProblems(t))
	}
}

// mdExplanation shows where the events were dropped; the explain text is
// fixed-width, so it goes in a fenced block (a fence in the text itself
// is broken up so it cannot end the block early).
func mdExplanation(b *strings.Builder, t runner.TestResult) {
	x := explanationText(t)
	if x == "" {
		return
	}
	x = strings.ReplaceAll(x, "```", "`​``")
	fmt.Fprintf(b, "<details open><summary>Why nothing fired</summary>\n\n```text\n%s```\n\n</details>\n\n", x)
}

// mdRows renders the first result rows as a table: why a test that fired
// was still judged a failure (a null risk object, too many rows) is in them.
func mdRows(b *strings.Builder, t runner.TestResult) {
	if len(t.Rows) == 0 || len(t.Columns) == 0 {
		return
	}
	fmt.Fprintf(b, "First %d of %d result row(s):\n\n", min(len(t.Rows), mdMaxRows), t.ResultCount)
	b.WriteString("| " + strings.Join(mapStrings(t.Columns, mdCell), " | ") + " |\n")
	b.WriteString("|" + strings.Repeat("---|", len(t.Columns)) + "\n")
	for i, r := range t.Rows {
		if i == mdMaxRows {
			break
		}
		cells := make([]string, len(t.Columns))
		for j, c := range t.Columns {
			cells[j] = mdCell(clip(r.Get(c).String(), mdMaxCell))
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	b.WriteString("\n")
}

func mdStages(b *strings.Builder, t runner.TestResult) {
	if len(t.Stages) == 0 && len(t.Datasets) == 0 {
		return
	}
	b.WriteString("<details><summary>Rows per stage and datasets</summary>\n\n")
	if len(t.Stages) > 0 {
		b.WriteString("| stage | in | out |\n|---|---:|---:|\n")
		for _, s := range t.Stages {
			fmt.Fprintf(b, "| `%s` | %d | %d |\n", mdCode(s.Command), s.In, s.Out)
		}
		b.WriteString("\n")
	}
	for _, d := range t.Datasets {
		fmt.Fprintf(b, "- `%s`\n", mdCode(d))
	}
	b.WriteString("\n</details>\n\n")
}

func mdAllTests(b *strings.Builder, results []runner.TestResult) {
	if len(results) == 0 {
		return
	}
	fmt.Fprintf(b, "<details><summary>All %d tests</summary>\n\n", len(results))
	b.WriteString("| verdict | detection | ATT&CK | test | results | message |\n|---|---|---|---|---:|---|\n")
	for i, t := range results {
		if i == mdMaxListed {
			fmt.Fprintf(b, "\n_… %d more in the JUnit/JSON reports._\n", len(results)-i)
			break
		}
		msg := mdCell(clip(t.Message, mdMaxMessage))
		if n := len(t.Problems); n > 0 {
			msg += " ⚠️ input lost: " + plural(n, "problem") + " while reading"
		}
		fmt.Fprintf(b, "| %s %s | %s | %s | %s | %d | %s |\n", statusIcon[t.Status], t.Status,
			mdCell(t.Detection), mdCell(strings.Join(techniques(t), " ")), mdCell(t.Test), t.ResultCount, msg)
	}
	b.WriteString("\n</details>\n")
}

// mdText escapes text for Markdown prose: HTML is neutralised so a field
// value like <script> shows as text, and a newline cannot end a quote.
func mdText(s string) string {
	s = html.EscapeString(s)
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`).Replace(s)
	return s
}

// mdCell escapes a table cell: pipes would split it, newlines end the row.
func mdCell(s string) string {
	s = html.EscapeString(s)
	return strings.NewReplacer("|", `\|`, "\r\n", "<br>", "\n", "<br>", "`", "\\`").Replace(s)
}

// mdCode makes a value safe inside `code`: a backtick would close it.
func mdCode(s string) string { return strings.ReplaceAll(s, "`", "'") }

// clip shortens s to at most n characters, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}

// mdValidation lists the validation errors that fail the run.
func mdValidation(b *strings.Builder, errs []runner.ValidationError) {
	if len(errs) == 0 {
		return
	}
	fmt.Fprintf(b, "❌ **%d validation error(s)** in the tested detections and the files they use: contentctl would not build this content.\n\n", len(errs))
	b.WriteString("| where | check | error |\n|---|---|---|\n")
	for _, v := range errs {
		v.File = RepoPath(v.File)
		fmt.Fprintf(b, "| `%s` | %s | %s |\n", mdCode(v.Position()), mdCell(v.Check), mdCell(v.Text()))
	}
	b.WriteString("\n")
}
