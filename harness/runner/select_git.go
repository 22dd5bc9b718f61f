package runner

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// ChangedFiles is the set of files (absolute, symlinks resolved) that differ
// between a git ref and the working tree, committed or not, untracked
// files included.
type ChangedFiles map[string]bool

// GitChanges lists what changed since ref in the git repository holding
// dir: `git diff --name-only REF` (commits since REF plus staged and
// unstaged edits of tracked files) and `git status --porcelain` (untracked
// files, and both sides of a rename).
func GitChanges(dir, ref string) (ChangedFiles, error) {
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("--changed-since: %s is not in a git work tree: %v", dir, err)
	}
	top = resolved(strings.TrimSpace(top))
	if r, err := filepath.EvalSymlinks(top); err == nil {
		top = r
	}
	if _, err := git(dir, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--changed-since %s: not a commit in %s", ref, top)
	}
	diff, err := git(top, "diff", "--name-only", "-z", ref, "--")
	if err != nil {
		return nil, fmt.Errorf("--changed-since %s: %v", ref, err)
	}
	status, err := git(top, "status", "--porcelain", "-z", "--untracked-files=all")
	if err != nil {
		return nil, fmt.Errorf("--changed-since %s: %v", ref, err)
	}
	out := ChangedFiles{}
	for _, p := range strings.Split(diff, "\x00") {
		out.add(top, p)
	}
	for _, p := range porcelainPaths(status) {
		out.add(top, p)
	}
	return out, nil
}

func (c ChangedFiles) add(top, rel string) {
	if rel != "" {
		c[filepath.Join(top, filepath.FromSlash(rel))] = true
	}
}

// Has reports whether the file at path (any form) changed.
func (c ChangedFiles) Has(path string) bool {
	if abs, err := filepath.Abs(path); err == nil {
		return c[resolved(abs)]
	}
	return false
}

// porcelainPaths reads `git status --porcelain -z`: entries "XY path",
// a rename or copy followed by its original path as a separate entry.
func porcelainPaths(status string) []string {
	var out []string
	fields := strings.Split(status, "\x00")
	for i := 0; i < len(fields); i++ {
		e := fields[i]
		if len(e) < 4 {
			continue
		}
		out = append(out, e[3:])
		if (e[0] == 'R' || e[0] == 'C') && i+1 < len(fields) {
			i++
			out = append(out, fields[i])
		}
	}
	return out
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
		}
		return "", fmt.Errorf("git %s: %v", strings.Join(args, " "), err)
	}
	return stdout.String(), nil
}

// resolved resolves symlinks in the folders of p (not in its last
// element, which may be deleted or itself a link), so paths compare equal
// to the ones git names from its top level (e.g. /tmp -> /private/tmp).
func resolved(p string) string {
	dir, base := filepath.Split(filepath.Clean(p))
	if dir == "" || base == "" {
		return p
	}
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(r, base)
	}
	return filepath.Join(resolved(filepath.Clean(dir)), base)
}
