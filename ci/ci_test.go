// Package ci holds dactest's CI templates; this test keeps them loadable.
package ci

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func load(t *testing.T, path string, into any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		t.Fatalf("%s does not parse: %v", path, err)
	}
}

type ghStep struct {
	Uses, Run, If string
	With          map[string]any
}

type ghJob struct {
	Needs    any
	Strategy struct {
		Matrix struct{ Shard []int }
	}
	Steps []ghStep
}

func TestGitHubWorkflow(t *testing.T) {
	var wf struct {
		Env  map[string]any
		Jobs map[string]ghJob
	}
	load(t, "github/dactest.yml", &wf)
	test, report := wf.Jobs["test"], wf.Jobs["report"]
	if n := len(test.Strategy.Matrix.Shard); n < 2 || wf.Env["SHARDS"] != n {
		t.Errorf("matrix has %d shards, env SHARDS is %v: they must agree", n, wf.Env["SHARDS"])
	}
	runs := func(j ghJob) string {
		var b strings.Builder
		for _, s := range j.Steps {
			b.WriteString(s.Uses + "\n" + s.Run + "\n")
		}
		return b.String()
	}
	for _, want := range []string{"--shard ${{ matrix.shard }}/${SHARDS}", "--report json=dactest-shard-", "actions/cache@", "upload-artifact"} {
		if !strings.Contains(runs(test), want) {
			t.Errorf("test job lacks %q", want)
		}
	}
	for _, want := range []string{"dactest merge", `--report markdown="$GITHUB_STEP_SUMMARY"`, "--report junit=", "--report sarif=",
		"upload-sarif", "action-junit-report"} {
		if !strings.Contains(runs(report), want) {
			t.Errorf("report job lacks %q", want)
		}
	}
}

func TestGitLabJob(t *testing.T) {
	var jobs map[string]struct {
		Stage     string
		Parallel  int
		Script    []string
		Artifacts struct {
			When    string
			Reports struct{ Junit any }
		}
	}
	load(t, "gitlab/dactest.gitlab-ci.yml", &jobs)
	test := jobs["dactest-test"]
	script := strings.Join(test.Script, "\n")
	if test.Parallel < 2 || !strings.Contains(script, "--shard ${CI_NODE_INDEX:-1}/${CI_NODE_TOTAL:-1}") {
		t.Errorf("dactest-test: parallel %d, script %q", test.Parallel, script)
	}
	if test.Artifacts.Reports.Junit == nil || test.Artifacts.When != "always" {
		t.Errorf("dactest-test must publish its JUnit report even when tests fail: %+v", test.Artifacts)
	}
	if merge := jobs["dactest-report"]; merge.Stage != ".post" || !strings.Contains(strings.Join(merge.Script, "\n"), "dactest merge") {
		t.Errorf("dactest-report: %+v", merge)
	}
}

func TestPreCommitHooks(t *testing.T) {
	var hooks []struct {
		ID, Entry, Language string
		PassFilenames       *bool `yaml:"pass_filenames"`
		Files               string
	}
	load(t, "pre-commit/.pre-commit-hooks.yaml", &hooks)
	if len(hooks) == 0 || hooks[0].ID != "dactest-validate" || !strings.HasPrefix(hooks[0].Entry, "dactest validate") {
		t.Fatalf("hooks %+v", hooks)
	}
	for _, h := range hooks {
		// validate reads a whole tree; file names as arguments are refused.
		if h.PassFilenames == nil || *h.PassFilenames || h.Files == "" || h.Language == "" {
			t.Errorf("%s: pass_filenames must be false, files and language set: %+v", h.ID, h)
		}
	}
	var example struct {
		Repos []struct {
			Repo  string
			Hooks []struct{ ID, Entry string }
		}
	}
	load(t, "pre-commit/pre-commit-config.example.yaml", &example)
	if len(example.Repos) != 1 || example.Repos[0].Repo != "local" || example.Repos[0].Hooks[0].ID != "dactest-validate" {
		t.Errorf("example config %+v", example)
	}
}

// The fetch steps list the attack_data files the tests name, archives
// without their #member pattern (git's sparse checkout and LFS take file
// paths): the pipeline is run as written, on a detection naming both kinds.
func TestFetchStepsListArchivesWithoutMembers(t *testing.T) {
	det := "tests:\n- attack_data:\n  - data: https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/a/x.zip#*.log\n" +
		"  - data: https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/b/sysmon.log\n"
	for _, file := range []string{"github/dactest.yml", "gitlab/dactest.gitlab-ci.yml"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		pipeline := fetchPipeline(string(data))
		if pipeline == "" {
			t.Fatalf("%s: no grep | sed step listing datasets", file)
		}
		dir := t.TempDir()
		os.MkdirAll(dir+"/detections", 0o755)
		os.MkdirAll(dir+"/.dactest", 0o755)
		os.WriteFile(dir+"/detections/d.yml", []byte(det), 0o644)
		cmd := exec.Command("bash", "-c", pipeline)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v: %s", file, err, out)
		}
		got, _ := os.ReadFile(dir + "/.dactest/datasets.txt")
		if want := "datasets/a/x.zip\ndatasets/b/sysmon.log\n"; string(got) != want {
			t.Errorf("%s lists %q, want %q", file, got, want)
		}
	}
}

// fetchPipeline is the template's `grep ... detections \ | sed ...` lines.
func fetchPipeline(template string) string {
	lines := strings.Split(template, "\n")
	for i, l := range lines {
		if strings.Contains(l, "grep -rhoE") && i+1 < len(lines) {
			return strings.TrimSpace(l) + "\n" + strings.TrimSpace(lines[i+1])
		}
	}
	return ""
}
