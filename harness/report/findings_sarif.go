package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dactest/dactest/harness/content"
)

// FindingsSARIF writes validation findings as SARIF for code scanning.
// base is stripped from file names so paths are relative to the
// repository root (GitHub resolves relative URIs against it).
func FindingsSARIF(w io.Writer, fs []content.Finding, rules []Rule, base string) error {
	results := make([]Result, 0, len(fs))
	for _, f := range fs {
		msg := f.Message
		if f.Hint != "" {
			msg += " (fix: " + f.Hint + ")"
		}
		results = append(results, Result{RuleID: f.Check, Level: f.Severity, Message: msg,
			File: relTo(base, f.Pos.File), Line: f.Pos.Line, Col: f.Pos.Col})
	}
	return SARIF(w, "dactest", rules, results)
}

// FindingsGitHub writes one GitHub Actions workflow command per finding
// (::error file=…,line=…,col=…,title=…::message), which the runner shows
// as annotations on the pull request's files. Errors come first: GitHub
// shows only the first few annotations of each kind per step.
func FindingsGitHub(w io.Writer, fs []content.Finding, base string) {
	ordered := make([]content.Finding, 0, len(fs))
	for _, level := range []string{"error", "warning", "notice"} {
		for _, f := range fs {
			if githubLevel(f.Severity) == level {
				ordered = append(ordered, f)
			}
		}
	}
	for _, f := range ordered {
		props := []string{"file=" + escapeProperty(relTo(base, f.Pos.File))}
		if f.Pos.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Pos.Line), fmt.Sprintf("col=%d", f.Pos.Col))
		}
		props = append(props, "title="+escapeProperty("dactest "+f.Check))
		msg := f.Message
		if f.Hint != "" {
			msg += "\nfix: " + f.Hint
		}
		fmt.Fprintf(w, "::%s %s::%s\n", githubLevel(f.Severity), strings.Join(props, ","), escapeData(msg))
	}
}

// githubLevel: workflow commands know error, warning and notice.
func githubLevel(sev string) string {
	switch sev {
	case content.SeverityError, content.SeverityWarning:
		return sev
	}
	return "notice"
}

// escapeData and escapeProperty follow the Actions toolkit's encoding of
// workflow command values: %, CR and LF always; : and , in properties.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// relTo makes file relative to base when it lies under it.
func relTo(base, file string) string {
	if base != "" {
		file = strings.TrimPrefix(file, strings.TrimSuffix(base, "/")+"/")
	}
	return RepoPath(file)
}

// RepoPath names a file as CI tools match it against the repository: relative
// to GITHUB_WORKSPACE when set, else to the working directory, with /
// separators and no "./"; a file outside stays as it is, cleaned. Code
// scanning and annotations attach nothing to ./x or absolute paths.
func RepoPath(file string) string {
	root := os.Getenv("GITHUB_WORKSPACE")
	if root == "" {
		root, _ = os.Getwd()
	}
	if abs, err := filepath.Abs(file); err == nil && root != "" {
		if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") && !filepath.IsAbs(rel) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(filepath.Clean(file))
}
