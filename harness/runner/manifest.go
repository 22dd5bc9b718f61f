package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dactest/dactest/harness/content"
)

// ContentLoader loads each content tree once, however many manifest cases
// name it.
type ContentLoader struct {
	mu    sync.Mutex
	trees map[string]*Content
	errs  map[string]error
}

// NewContentLoader returns an empty loader.
func NewContentLoader() *ContentLoader {
	return &ContentLoader{trees: map[string]*Content{}, errs: map[string]error{}}
}

// Dir loads the content tree rooted at dir (cached).
func (l *ContentLoader) Dir(dir string) (*Content, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.trees[abs]; ok {
		return c, l.errs[abs]
	}
	var c *Content
	err = checkContentRoot(abs, dir)
	if err == nil {
		var tree *content.Tree
		tree, err = content.Load(os.DirFS(abs), dir)
		c = &Content{Tree: tree, Dir: abs}
	}
	if err != nil {
		c = nil
	}
	l.trees[abs], l.errs[abs] = c, err
	return c, err
}

// checkContentRoot says plainly that a content root is not there or is a
// file (os.DirFS would only say "open .: no such file or directory").
func checkContentRoot(abs, dir string) error {
	st, err := os.Stat(abs)
	switch {
	case os.IsNotExist(err):
		return fmt.Errorf("content root %s: no such folder", dir)
	case err != nil:
		return fmt.Errorf("content root %s: %w", dir, err)
	case !st.IsDir():
		return fmt.Errorf("content root %s is a file: want the folder holding detections/, macros/, ...", dir)
	}
	return nil
}

// PlanManifest turns a manifest's cases into jobs. A case whose content or
// detection cannot be found still becomes a job that reports the problem.
func PlanManifest(m *content.Manifest, loader *ContentLoader) []Job {
	var jobs []Job
	for _, cs := range m.Cases {
		jobs = append(jobs, planCase(m, cs, loader))
	}
	return jobs
}

func planCase(m *content.Manifest, cs content.Case, loader *ContentLoader) Job {
	j := Job{CaseID: cs.ID, Manifest: m.File, Test: cs.ID, Expect: Expectation{Fires: cs.Expect.Fires, Results: cs.Expect.Results, Range: cs.Expect.Range}}
	c, err := loader.Dir(cs.Content)
	if err != nil {
		return brokenCase(j, cs, fmt.Errorf("%s: content %s: %v", casePos(m, cs), cs.Content, err))
	}
	j.Content = c
	j.Detection = findDetection(c, cs.Detection)
	if j.Detection == nil {
		if fs, bad := brokenDetectionFile(c, cs.Detection); bad {
			// the file is there but does not load: the case fails as the
			// detection's own tests would, at its first load error
			b := brokenFile(c, &content.Detection{Name: cs.Detection, File: fs[0].Pos.File, Path: pathInTree(c.Tree, fs[0].Pos.File)}, fs)
			j.Detection, j.LoadErr, j.LoadAt = b.Detection, b.LoadErr, b.LoadAt
			return j
		}
		return brokenCase(j, cs, fmt.Errorf("%s: case %s: detection %s not found in %s", casePos(m, cs), cs.ID, cs.Detection, cs.Content))
	}
	for _, d := range cs.Data {
		j.Data = append(j.Data, DataRef{Path: d.Path, Source: d.Source, Sourcetype: d.Sourcetype, Host: d.Host, At: d.Pos})
		if strings.Contains(d.Path, "://") {
			continue // downloaded (once, into the cache) when first read
		}
		if err := checkFile(d.Path, d.Path); err != nil && j.DataErr == nil {
			j.DataErr = atPos(err, d.Pos) // the manifest entry to fix
		}
	}
	return j
}

// brokenCase stands in a detection so the failure is reported per case.
func brokenCase(j Job, cs content.Case, err error) Job {
	j.Detection = &content.Detection{Name: cs.Detection, File: cs.Detection}
	j.Broken = err
	if j.Content == nil {
		j.Content = &Content{Tree: &content.Tree{}}
	}
	return j
}

// brokenDetectionFile returns the load errors of the case's detection
// file when it is in the tree but does not load.
func brokenDetectionFile(c *Content, file string) ([]content.Finding, bool) {
	rel := treeRel(c, file)
	for f, fs := range loadErrors(c.Tree) {
		if pathInTree(c.Tree, f) == rel {
			return fs, true
		}
	}
	return nil, false
}

func treeRel(c *Content, file string) string {
	rel := file
	if filepath.IsAbs(file) {
		if r, err := filepath.Rel(c.Dir, file); err == nil {
			rel = r
		}
	}
	return filepath.ToSlash(filepath.Clean(rel))
}

func findDetection(c *Content, file string) *content.Detection {
	rel := treeRel(c, file)
	for _, d := range c.Tree.Detections {
		if d.Path == rel {
			return d
		}
	}
	return nil
}

// casePos is where the case is written, file:line:col, or the manifest's
// name when the case has no position.
func casePos(m *content.Manifest, cs content.Case) string {
	if cs.Pos.Line == 0 {
		return m.File
	}
	at := cs.Pos
	at.File = m.File
	return at.String()
}
