package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/ingest"
	"github.com/dactest/dactest/harness/internal/testenv"
	"github.com/dactest/dactest/harness/runner"
)

// GitHub webhook payloads written for these tests in the shapes GitHub's
// webhook documentation gives (workflow_run, status, check_suite,
// repository_vulnerability_alert), trimmed to the keys a payload always
// carries and the ones security_content's GitHub detections read. They are
// replayed as the detections' `github` macro expects them: sourcetype
// aws:firehose:json, source github.

const ghRepo = `{"id": 715530128, "node_id": "R_kgDOKqZ5kA", "name": "payments-api", "full_name": "corp-example/payments-api", "private": true, "owner": {"login": "corp-example", "id": 149023311, "type": "Organization", "site_admin": false}, "html_url": "https://github.com/corp-example/payments-api", "fork": false, "pushed_at": "2024-03-05T14:20:51Z"}`

// ghWorkflowRun is a workflow_run webhook for the named workflow, run on a
// push to branch.
func ghWorkflowRun(name, event, branch string) string {
	return `{"action": "requested", "workflow_run": {"id": 8152663211, "name": "` + name + `", "node_id": "WFR_kwLOKqZ5kM8AAAAB5e0Nqw", "head_branch": "` + branch + `", "head_sha": "9c1e4f3b2a7d6e5f4c3b2a1d0e9f8a7b6c5d4e3f", "run_number": 412, "event": "` + event + `", "status": "queued", "conclusion": null, "workflow_id": 70712035, "created_at": "2024-03-05T14:21:03Z", "updated_at": "2024-03-05T14:21:03Z", "actor": {"login": "dlewis-dev", "id": 88123456, "type": "User"}, "run_attempt": 1, "head_commit": {"id": "9c1e4f3b2a7d6e5f4c3b2a1d0e9f8a7b6c5d4e3f", "tree_id": "4b3a2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b", "message": "ci: skip slow jobs", "timestamp": "2024-03-05T14:20:50Z", "author": {"name": "Dana Lewis", "email": "dana.lewis@corp.example"}, "committer": {"name": "Dana Lewis", "email": "dana.lewis@corp.example"}}, "repository": ` + ghRepo + `, "head_repository": ` + ghRepo + `}, "repository": ` + ghRepo + `, "sender": {"login": "dlewis-dev", "id": 88123456, "type": "User"}}`
}

// ghStatus is a status webhook (a commit status set) for a commit on the
// given branches.
func ghStatus(branches ...string) string {
	var b []string
	for _, n := range branches {
		b = append(b, `{"name": "`+n+`", "commit": {"sha": "9c1e4f3b2a7d6e5f4c3b2a1d0e9f8a7b6c5d4e3f"}, "protected": true}`)
	}
	return `{"id": 28834012345, "sha": "9c1e4f3b2a7d6e5f4c3b2a1d0e9f8a7b6c5d4e3f", "name": "corp-example/payments-api", "target_url": "https://ci.corp.example/builds/412", "context": "ci/build", "description": "Build passed", "state": "success", "commit": {"sha": "9c1e4f3b2a7d6e5f4c3b2a1d0e9f8a7b6c5d4e3f", "commit": {"author": {"name": "Dana Lewis", "email": "dana.lewis@corp.example", "date": "2024-03-05T14:20:50Z"}, "committer": {"name": "Dana Lewis", "email": "dana.lewis@corp.example", "date": "2024-03-05T14:20:50Z"}, "message": "hotfix: bypass card checksum"}, "author": {"login": "dlewis-dev", "id": 88123456, "html_url": "https://github.com/dlewis-dev", "type": "User"}}, "branches": [` + strings.Join(b, ", ") + `], "created_at": "2024-03-05T14:21:40Z", "updated_at": "2024-03-05T14:21:40Z", "repository": ` + ghRepo + `, "sender": {"login": "dlewis-dev", "id": 88123456, "type": "User"}}`
}

// ghVulnAlert is a repository_vulnerability_alert webhook.
func ghVulnAlert(action string) string {
	return `{"action": "` + action + `", "alert": {"id": 91, "number": 91, "state": "open", "affected_range": "< 4.17.21", "affected_package_name": "lodash", "external_reference": "https://github.com/advisories/GHSA-35jh-r3h4-6jhm", "external_identifier": "CVE-2021-23337", "ghsa_id": "GHSA-35jh-r3h4-6jhm", "severity": "high", "fixed_in": "4.17.21", "created_at": "2024-03-05T15:02:11Z"}, "repository": ` + ghRepo + `, "sender": {"login": "dependabot[bot]", "id": 49699333, "type": "Bot"}}`
}

// ghCheckSuite is a check_suite webhook; withPR adds the pull request it
// checks.
func ghCheckSuite(withPR bool) string {
	prs := `[]`
	if withPR {
		prs = `[{"url": "https://api.github.com/repos/corp-example/payments-api/pulls/233", "id": 1761234567, "number": 233, "head": {"ref": "feature/fast-refunds", "sha": "9c1e4f3b2a7d6e5f4c3b2a1d0e9f8a7b6c5d4e3f", "repo": {"id": 715530128, "name": "payments-api"}}, "base": {"ref": "main", "sha": "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "repo": {"id": 715530128, "name": "payments-api"}}}]`
	}
	return `{"action": "requested", "check_suite": {"id": 21109876543, "node_id": "CS_kwDOKqZ5kM8AAAAE6jQ1Pw", "head_branch": "feature/fast-refunds", "head_sha": "9c1e4f3b2a7d6e5f4c3b2a1d0e9f8a7b6c5d4e3f", "status": "queued", "conclusion": null, "pull_requests": ` + prs + `, "created_at": "2024-03-05T14:22:30Z", "head_commit": {"id": "9c1e4f3b2a7d6e5f4c3b2a1d0e9f8a7b6c5d4e3f", "tree_id": "4b3a2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b", "message": "refunds: skip fraud hold", "timestamp": "2024-03-05T14:22:10Z", "author": {"name": "Outside Contributor", "email": "oc@mail.example"}, "committer": {"name": "Outside Contributor", "email": "oc@mail.example"}}}, "repository": ` + ghRepo + `, "sender": {"login": "oc-contrib", "id": 99123001, "type": "User"}}`
}

func ghRow(t *testing.T, payload string) map[string]string {
	t.Helper()
	a, err := ingest.DefaultAddons()
	if err != nil {
		t.Fatal(err)
	}
	rows, problems, err := a.ReadExample(payload+"\n", ingest.Meta{Source: "github", Sourcetype: "aws:firehose:json", Host: "firehose-hec"})
	if err != nil || len(problems) > 0 || len(rows) != 1 {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	out := map[string]string{}
	for _, n := range rows[0].Names() {
		out[n] = strings.Join(rows[0].Get(n), "|")
	}
	return out
}

// The fields the five GitHub detections read, from [aws:firehose:json]
// (INDEXED_EXTRACTIONS = json: each key by its spath name, arrays as {}
// multivalue fields) - no alias or eval of any add-on.
func TestGitHubFirehoseFields(t *testing.T) {
	payloads := map[string]string{
		"workflow_run": ghWorkflowRun("codeql-analysis", "push", "main"),
		"status":       ghStatus("main", "release/2024.03"),
		"vuln-alert":   ghVulnAlert("create"),
		"check_suite":  ghCheckSuite(true),
	}
	cases := []struct{ payload, field, want, why string }{
		{"workflow_run", "workflow_run.event", "push", "spath name"},
		{"workflow_run", "workflow_run.name", "codeql-analysis", "spath name"},
		{"workflow_run", "workflow_run.head_commit.author.name", "Dana Lewis", "nested object"},
		{"workflow_run", "workflow_run.head_repository.owner.login", "corp-example", "nested object"},
		{"workflow_run", "workflow_run.conclusion", "null", "JSON null is the text null"},
		{"workflow_run", "_time", "1709648463", "no time setting: the first timestamp in the record, workflow_run.created_at"},
		{"workflow_run", "user", "", "no add-on field: the detections rename head_commit.author.name to user themselves"},
		{"status", "branches{}.name", "main|release/2024.03", "array of objects: one multivalue field"},
		{"status", "commit.author.login", "dlewis-dev", "spath name"},
		{"status", "commit.commit.author.email", "dana.lewis@corp.example", "spath name"},
		{"status", "repository.pushed_at", "2024-03-05T14:20:51Z", "spath name"},
		{"status", "_time", "1709648450", "no time setting: the first timestamp in the record, commit.commit.author.date"},
		{"vuln-alert", "alert.id", "91", "numbers keep their text"},
		{"vuln-alert", "action", "create", "top-level key"},
		{"vuln-alert", "alert.affected_package_name", "lodash", "spath name"},
		{"vuln-alert", "sender.login", "dependabot[bot]", "spath name"},
		{"check_suite", "check_suite.pull_requests{}.id", "1761234567", "array of objects"},
		{"check_suite", "check_suite.pull_requests{}.head.ref", "feature/fast-refunds", "array of objects"},
		{"check_suite", "check_suite.head_commit.author.name", "Outside Contributor", "spath name"},
		{"check_suite", "sourcetype", "aws:firehose:json", "the replay's sourcetype"},
	}
	rows := map[string]map[string]string{}
	for _, c := range cases {
		r, ok := rows[c.payload]
		if !ok {
			r = ghRow(t, payloads[c.payload])
			rows[c.payload] = r
		}
		if got := r[c.field]; got != c.want {
			t.Errorf("%s: %s = %q, want %q (%s)", c.payload, c.field, got, c.want, c.why)
		}
	}
	// A check_suite without a pull request has no pull_requests{} field:
	// an empty array gives none.
	if got := ghRow(t, ghCheckSuite(false))["check_suite.pull_requests{}.id"]; got != "" {
		t.Errorf("empty pull_requests: check_suite.pull_requests{}.id = %q, want none", got)
	}
}

// A payload longer than Splunk's 10000-byte TRUNCATE default keeps its
// keys after that point: the JSON reader takes whole records (see
// github.yml: whether Splunk's _raw would keep them depends on the HEC
// endpoint, which the content does not give).
func TestGitHubLongPayloadKeepsLateKeys(t *testing.T) {
	long := strings.Replace(ghWorkflowRun("build", "push", "main"), `"message": "ci: skip slow jobs"`, `"message": "`+strings.Repeat("refactor ", 1500)+`"`, 1)
	if len(long) <= 10000 {
		t.Fatalf("payload %d bytes, want > 10000", len(long))
	}
	r := ghRow(t, long)
	if got := r["workflow_run.head_repository.full_name"]; got != "corp-example/payments-api" {
		t.Errorf("workflow_run.head_repository.full_name = %q", got)
	}
}

// security_content's GitHub detections through the runner on the
// payloads above.
func TestGitHubDetectionsEndToEnd(t *testing.T) {
	sc := testenv.SharedDir(t, "corpus", "security_content")
	dir := t.TempDir()
	write := func(name, payload string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(payload+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	cases := []struct {
		id, detection, data string
		fires               bool
		want                map[string]string
	}{
		// Any pushed workflow other than the security-testing one.
		{"workflow-fires", "detections/cloud/github_actions_disable_security_workflow.yml", write("wf.json", ghWorkflowRun("codeql-analysis", "push", "main")), true,
			map[string]string{"user": "Dana Lewis", "user_email": "dana.lewis@corp.example", "repository": "corp-example/payments-api", "branch": "main"}},
		{"security-testing-workflow-silent", "detections/cloud/github_actions_disable_security_workflow.yml", write("wf-sec.json", ghWorkflowRun("nightly-security-testing", "push", "main")), false, nil},
		{"scheduled-workflow-silent", "detections/cloud/github_actions_disable_security_workflow.yml", write("wf-cron.json", ghWorkflowRun("codeql-analysis", "schedule", "main")), false, nil},
		{"commit-on-main-fires", "detections/cloud/github_commit_changes_in_master.yml", write("st-main.json", ghStatus("main", "release/2024.03")), true,
			map[string]string{"user": "dlewis-dev", "repository": "corp-example/payments-api", "commit.commit.message": "hotfix: bypass card checksum"}},
		{"commit-on-feature-silent", "detections/cloud/github_commit_changes_in_master.yml", write("st-feat.json", ghStatus("feature/x")), false, nil},
		{"commit-in-develop-fires", "detections/cloud/github_commit_in_develop.yml", write("st-dev.json", ghStatus("develop")), true,
			map[string]string{"commit.author.login": "dlewis-dev", "phase": "code"}},
		{"dependabot-create-fires", "detections/cloud/github_dependabot_alert.yml", write("va.json", ghVulnAlert("create")), true,
			map[string]string{"alert.affected_package_name": "lodash", "alert.severity": "high", "user": "dependabot[bot]", "repository": "corp-example/payments-api"}},
		{"dependabot-dismiss-silent", "detections/cloud/github_dependabot_alert.yml", write("va-dismiss.json", ghVulnAlert("dismiss")), false, nil},
		// github_known_users is a placeholder (user IN (user_names_here)),
		// so every pull request author counts as unknown.
		{"pr-check-suite-fires", "detections/cloud/github_pull_request_from_unknown_user.yml", write("cs.json", ghCheckSuite(true)), true,
			map[string]string{"user": "Outside Contributor", "ref_head": "feature/fast-refunds", "commit_message": "refunds: skip fraud hold"}},
		{"check-suite-without-pr-silent", "detections/cloud/github_pull_request_from_unknown_user.yml", write("cs-nopr.json", ghCheckSuite(false)), false, nil},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			res := runCase(t, writeManifestAs(t, dir, c.id, sc, c.detection, c.data, "github", "aws:firehose:json", c.fires), false)
			if res.Status != runner.Pass {
				t.Fatalf("%s %q", res.Status, res.Message)
			}
			assertFirstRow(t, res, c.want, "")
		})
	}
}
