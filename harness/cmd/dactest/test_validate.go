package main

import (
	"fmt"
	"io"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
	"github.com/dactest/dactest/harness/validate"
)

// testedValidationErrors runs validate's checks over each content tree of
// the planned jobs (with the tree's .dactest.yml, as `dactest validate`
// does) and returns the error findings in the tested detections' files and
// in the files they use: the macros their searches expand, their lookups
// and data sources, and a macro or data source file named for one they use
// that does not load (a YAML error leaves no object to follow). contentctl
// test builds the content first and refuses content with such errors, so a
// green dactest run must not hide them.
func testedValidationErrors(jobs []runner.Job) []content.Finding {
	tested := map[*runner.Content]*usedFiles{}
	for _, j := range jobs {
		if j.Content == nil || j.Detection == nil {
			continue
		}
		if tested[j.Content] == nil {
			tested[j.Content] = newUsedFiles(j.Content)
		}
		tested[j.Content].add(j)
	}
	var out []content.Finding
	for c, used := range tested {
		var policy validate.Policy
		if c.Dir != "" {
			if path := validate.FindConfig(c.Dir); path != "" {
				policy.Config, _ = validate.LoadConfig(path) // a broken config is `dactest validate`'s to report
			}
		}
		all := append(append([]content.Finding{}, c.Tree.Findings...), validate.Run(c.Tree, validate.Options{})...)
		for _, f := range policy.Apply(c.Tree, all) {
			// f.Pos.File already starts with the tree's label (the content
			// dir as given): it names the file as the test results do.
			if f.Severity == content.SeverityError && used.has(f.Pos.File) {
				out = append(out, f)
			}
		}
	}
	content.SortFindings(out) // trees come from a map: keep the output stable
	return out
}

// reportValidationErrors says what they mean for the run; the console
// report lists them (INVALID lines), as every other report does.
func reportValidationErrors(w io.Writer, fs []content.Finding) {
	fmt.Fprintf(w, "dactest test: %d validation error(s) in the tested detections and the files they use: contentctl would not build this content (see `dactest validate`; --no-validate skips this)\n", len(fs))
}

func validationErrors(fs []content.Finding) []runner.ValidationError {
	var out []runner.ValidationError
	for _, f := range fs {
		out = append(out, runner.ValidationErrorOf(f))
	}
	return out
}
