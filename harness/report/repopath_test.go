package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
)

// Annotations and SARIF name files by their repository path: relative to
// GITHUB_WORKSPACE (else the working directory), no "./", no absolute
// path; GitHub attaches nothing to those.
func TestRepoPath(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_WORKSPACE", "")
	for in, want := range map[string]string{
		"./detections/x.yml":                           "detections/x.yml",
		filepath.Join(wd, "detections", "x.yml"):       "detections/x.yml",
		"detections/x.yml":                             "detections/x.yml",
		"/elsewhere/detections/x.yml":                  "/elsewhere/detections/x.yml",
		filepath.Join("..", "other", "detections.yml"): "../other/detections.yml",
	} {
		if got := RepoPath(in); got != want {
			t.Errorf("RepoPath(%q) = %q, want %q", in, got, want)
		}
	}
	t.Setenv("GITHUB_WORKSPACE", filepath.Dir(wd))
	if got, want := RepoPath(filepath.Join(wd, "x.yml")), filepath.Base(wd)+"/x.yml"; got != want {
		t.Errorf("under GITHUB_WORKSPACE: %q, want %q", got, want)
	}
	var b strings.Builder
	FindingsGitHub(&b, []content.Finding{{Pos: content.Pos{File: filepath.Join(wd, "d.yml"), Line: 3, Col: 5}, Severity: "error", Check: "c", Message: "m"}}, "")
	if !strings.Contains(b.String(), "file="+filepath.Base(wd)+"/d.yml,line=3") {
		t.Errorf("annotation %q", b.String())
	}
}
