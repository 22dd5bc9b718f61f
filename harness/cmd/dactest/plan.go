package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

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
	case f.contentDir != "":
		c, err := loader.Dir(f.contentDir)
		if err != nil {
			return nil, err
		}
		printFindings(stderr, c.Tree.Findings)
		jobs := runner.PlanContent(c, runner.Selection{Files: files}, f.dataRoot)
		return &testPlan{jobs: jobs, tallied: c, cleanup: func() {}}, nil
	}
	return planEmbedded(files, stderr)
}

func planManifests(paths []string, loader *runner.ContentLoader, stderr io.Writer) (*testPlan, error) {
	p := &testPlan{cleanup: func() {}}
	for _, path := range paths {
		m, err := content.LoadManifest(path)
		if m == nil {
			return nil, err
		}
		if err != nil {
			fmt.Fprintln(stderr, err)
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
	printFindings(stderr, tree.Findings)
	c := &runner.Content{Tree: tree, Dir: dir}
	jobs := runner.PlanContent(c, runner.Selection{Files: files}, "")
	return &testPlan{jobs: jobs, tallied: c, cleanup: cleanup}, nil
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
