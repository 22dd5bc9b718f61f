package runner

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/content"
)

// Expectation is what a test requires of the search's results.
type Expectation struct {
	Fires   bool           // at least one result (false: no result is required, or allowed by Range)
	Results *int           // exactly this many rows, when set
	Range   *content.Range // a row count within this range, when set
}

// expectation builds the expectation of an exact count or a range; with
// neither, the test must fire.
func expectation(exact *int, rng *content.Range) Expectation {
	switch {
	case exact != nil:
		return Expectation{Fires: *exact > 0, Results: exact}
	case rng != nil:
		return Expectation{Fires: !rng.Holds(0), Range: rng}
	}
	return Expectation{Fires: true}
}

// Job is one test to run: a detection, its datasets and the expectation.
type Job struct {
	CaseID     string
	Manifest   string // the manifest file of a case (absolute), "" for a detection's own test
	Content    *Content
	Detection  *content.Detection
	Test       string
	Data       []DataRef
	DataErr    error     // a dataset could not be resolved; the job reports it
	Broken     error     // the case itself is unusable (content or detection missing)
	LoadErr    error     // the detection file does not load: the test fails
	LoadAt     *Position // where its first load error is
	Expect     Expectation
	SkipReason string
	// Explain asks for an explanation whenever the search returns no row,
	// whatever the verdict (dactest explain); a test run attaches one only
	// to a test that failed for want of rows.
	Explain bool
}

// Content is a loaded content tree and where it lives on disk (for
// relative dataset paths); nil Dir means embedded content.
type Content struct {
	Tree *content.Tree
	Dir  string
}

// Selection narrows which detections of a tree are tested.
type Selection struct {
	Files []string // detection files (as named in the tree) to keep; empty keeps all
}

func (s Selection) keeps(d *content.Detection) bool {
	if len(s.Files) == 0 {
		return true
	}
	for _, f := range s.Files {
		if names(d.File, f) {
			return true
		}
	}
	return false
}

// names reports whether a file argument (relative, absolute, or as the
// tree labels it) names the detection file.
func names(detFile, arg string) bool {
	if detFile == arg {
		return true
	}
	if abs, err := filepath.Abs(arg); err == nil {
		if d, err := filepath.Abs(detFile); err == nil && d == abs {
			return true
		}
	}
	rel := filepath.ToSlash(filepath.Clean(arg))
	return strings.HasSuffix(filepath.ToSlash(detFile), "/"+strings.TrimPrefix(rel, "./"))
}

// Unmatched lists the selected files that name no detection of the tree.
func (s Selection) Unmatched(tree *content.Tree) []string {
	var out []string
	for _, f := range s.Files {
		found := false
		for _, d := range tree.Detections {
			if names(d.File, f) {
				found = true
				break
			}
		}
		if !found && !namesFinding(tree, f) {
			out = append(out, f)
		}
	}
	return out
}

// namesFinding reports whether a file that failed to load is the one named.
func namesFinding(tree *content.Tree, f string) bool {
	for _, fd := range tree.Findings {
		if names(fd.Pos.File, f) {
			return true
		}
	}
	return false
}

// PlanContent lists the tests that the detections of c declare. A
// detection file with a load error (YAML, schema) becomes one failing job
// per file, so a broken file is never silently left out of a run.
func PlanContent(c *Content, sel Selection, dataRoot string) []Job {
	var jobs []Job
	broken := loadErrors(c.Tree)
	for _, d := range c.Tree.Detections {
		if !sel.keeps(d) {
			continue
		}
		if errs, bad := broken[d.File]; bad {
			delete(broken, d.File)
			jobs = append(jobs, brokenFile(c, d, errs))
			continue
		}
		jobs = append(jobs, detectionJobs(c, d, dataRoot)...)
	}
	for _, file := range sortedKeys(broken) {
		if len(sel.Files) == 0 || namesAny(file, sel.Files) {
			d := &content.Detection{Name: file, File: file, Path: pathInTree(c.Tree, file)}
			jobs = append(jobs, brokenFile(c, d, broken[file]))
		}
	}
	return jobs
}

// loadErrors groups the error findings of detection files by file.
func loadErrors(tree *content.Tree) map[string][]content.Finding {
	out := map[string][]content.Finding{}
	for _, f := range tree.Findings {
		if f.Severity != content.SeverityError || !strings.Contains(filepath.ToSlash(f.Pos.File), "detections/") {
			continue
		}
		out[f.Pos.File] = append(out[f.Pos.File], f)
	}
	return out
}

// pathInTree is a file's slash path inside the tree, as file filters and
// the repository name it: the file as named less the tree's label.
func pathInTree(tree *content.Tree, file string) string {
	rel := strings.TrimPrefix(filepath.ToSlash(file), strings.TrimSuffix(filepath.ToSlash(tree.Label), "/")+"/")
	return strings.TrimPrefix(rel, "./")
}

func brokenFile(c *Content, d *content.Detection, fs []content.Finding) Job {
	var errs []string
	for _, f := range fs {
		errs = append(errs, fmt.Sprintf("%s: %s [%s]", f.Pos, f.Message, f.Check))
	}
	at := fs[0].Pos
	return Job{Content: c, Detection: d, Test: "(load)", LoadErr: fmt.Errorf("detection file does not load: %s", strings.Join(errs, "; ")),
		LoadAt: &Position{File: at.File, Line: at.Line, Col: at.Col}}
}

func namesAny(file string, args []string) bool {
	for _, a := range args {
		if names(file, a) {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func detectionJobs(c *Content, d *content.Detection, dataRoot string) []Job {
	skip := skipReason(d)
	if len(d.Tests) == 0 {
		return []Job{{Content: c, Detection: d, Test: "(no tests)", SkipReason: orDefault(skip, "the detection declares no tests")}}
	}
	var jobs []Job
	seen := map[string]int{}
	for i, t := range d.Tests {
		j := Job{Content: c, Detection: d, Test: uniqueName(testName(t.Name, i), seen), SkipReason: skip,
			Expect: expectation(t.ExpectedResults, t.ExpectedRange)}
		if skip == "" {
			j.Data, j.DataErr = resolveRefs(t.AttackData, c.Dir, dataRoot)
		}
		jobs = append(jobs, j)
	}
	return jobs
}

func resolveRefs(refs []content.AttackData, base, dataRoot string) ([]DataRef, error) {
	var out []DataRef
	for _, a := range refs {
		p, err := resolveData(a.Data, base, dataRoot)
		if err != nil {
			return nil, atPos(err, a.Pos)
		}
		out = append(out, DataRef{Path: p, Source: a.Source, Sourcetype: a.Sourcetype, Host: a.Host, Index: a.CustomIndex, At: a.Pos})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the test names no attack_data")
	}
	return out, nil
}

// atPos appends where a test names a dataset to the error about it, as
// compile problems end with theirs: the contributor sees which `data:`
// entry of which test to fix.
func atPos(err error, pos content.Pos) error {
	if pos.Line == 0 {
		return err
	}
	return &placedError{err: err, at: pos}
}

// placedError is a dataset error with the data entry it concerns, kept
// apart so reports can point at it (SARIF) as well as say it.
type placedError struct {
	err error
	at  content.Pos
}

func (e *placedError) Error() string { return fmt.Sprintf("%v, %s", e.err, e.at) }
func (e *placedError) Unwrap() error { return e.err }

// dataPosition is where a dataset error points, or nil.
func dataPosition(err error) *Position {
	var pe *placedError
	if !errors.As(err, &pe) {
		return nil
	}
	return &Position{File: pe.at.File, Line: pe.at.Line, Col: pe.at.Col}
}

// skipReason says why contentctl would not test a detection, or "".
func skipReason(d *content.Detection) string {
	switch {
	case d.Status != "production":
		return fmt.Sprintf("status %q: only production detections are tested", d.Status)
	case strings.EqualFold(d.Type, "Correlation"):
		return "Correlation searches run over risk data, not datasets"
	case d.ManualTest != "":
		return "manual_test: " + d.ManualTest
	}
	return ""
}

func testName(name string, i int) string {
	if name == "" {
		return fmt.Sprintf("test %d", i+1)
	}
	return name
}

// uniqueName numbers repeated test names ("True Positive Test (2)"): ESCU
// detections often give two tests the same name, and reports, JUnit and
// shard merging need each test of a detection to be told apart.
func uniqueName(name string, seen map[string]int) string {
	seen[name]++
	if n := seen[name]; n > 1 {
		return fmt.Sprintf("%s (%d)", name, n)
	}
	return name
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
