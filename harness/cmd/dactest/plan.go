package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dactest/dactest"
	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

// testPlan is the jobs of one `dactest test` run.
type testPlan struct {
	jobs    []runner.Job
	tallied *runner.Content // a whole tree whose compile tally is reported
	cleanup func()
}

func planTests(f *testFlags, files []string, stderr io.Writer) (*testPlan, error) {
	loader := runner.NewContentLoader()
	switch {
	case len(f.manifests) > 0:
		return planManifests(f.manifests, loader, stderr)
	case f.contentDir == "" && len(files) > 0:
		if err := filesExist(files); err != nil {
			return nil, err
		}
		root, err := contentRootOf(files[0])
		if err != nil {
			return nil, err
		}
		f.contentDir = root
	}
	if f.contentDir == "" {
		return planEmbedded(files, stderr)
	}
	c, err := loader.Dir(f.contentDir)
	if err != nil {
		return nil, err
	}
	if len(c.Tree.Detections) == 0 && len(c.Tree.Findings) == 0 {
		return nil, fmt.Errorf("no detections under %s (want a security_content layout: detections/, macros/, ...)", f.contentDir)
	}
	return planTree(c, files, f.dataRoot, stderr, func() {})
}

func planTree(c *runner.Content, files []string, dataRoot string, stderr io.Writer, cleanup func()) (*testPlan, error) {
	sel := runner.Selection{Files: files}
	if missing := sel.Unmatched(c.Tree); len(missing) > 0 {
		cleanup()
		return nil, fmt.Errorf("not a detection of %s: %s", c.Tree.Label, strings.Join(missing, ", "))
	}
	jobs := runner.PlanContent(c, sel, dataRoot)
	return &testPlan{jobs: jobs, tallied: c, cleanup: cleanup}, nil
}

// filesExist checks detection files named without --content (where they
// are paths, not names within a tree): a typo is "not found", not a
// question about folders.
func filesExist(files []string) error {
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%s: file not found", f)
			}
			return err
		}
	}
	return nil
}

// contentRootOf finds the content tree a detection file belongs to: the
// folder holding the detections/ folder the file is in.
func contentRootOf(file string) (string, error) {
	if _, err := os.Stat(file); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("%s: file not found", file)
		}
		return "", err
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", err
	}
	for dir := filepath.Dir(abs); dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if filepath.Base(dir) == "detections" {
			return filepath.Dir(dir), nil
		}
	}
	return "", fmt.Errorf("%s is not under a detections/ folder: give --content DIR", file)
}

func planManifests(paths []string, loader *runner.ContentLoader, stderr io.Writer) (*testPlan, error) {
	p := &testPlan{cleanup: func() {}}
	for _, path := range paths {
		m, err := content.LoadManifest(path)
		if err != nil {
			// A manifest that breaks its schema is not run at all: a
			// misspelt `expect:` must not turn a case into a passing
			// negative test.
			return nil, fmt.Errorf("manifest %s is not valid:\n%v", path, err)
		}
		if len(m.Cases) == 0 {
			return nil, fmt.Errorf("manifest %s has no cases", path)
		}
		p.jobs = append(p.jobs, runner.PlanManifest(m, loader)...)
	}
	return p, nil
}

// planEmbedded tests the content built into the binary. Its datasets are
// written to a temporary folder because dataset readers work on files.
func planEmbedded(files []string, stderr io.Writer) (*testPlan, error) {
	dir, err := os.MkdirTemp("", "dactest-embedded-")
	if err != nil {
		return nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	if err := copyFS(dir, dactest.Content); err != nil {
		cleanup()
		return nil, err
	}
	tree, err := content.Load(dactest.Content, "(embedded)")
	if err != nil {
		cleanup()
		return nil, err
	}
	return planTree(&runner.Content{Tree: tree, Dir: dir}, files, "", stderr, cleanup)
}

func copyFS(dst string, src fs.FS) error {
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dst, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
