package main

import (
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// writeTA writes a small add-on as shipped (default/*.conf, lookups/) and
// a log of its custom sourcetype.
func writeTA(dir string) (ta, data string) {
	ta = filepath.Join(dir, "TA-acme")
	files := map[string]string{
		"default/props.conf": `[acme:app]
SHOULD_LINEMERGE = false
LINE_BREAKER = ([\r\n]+)(?=\d{4}-\d{2}-\d{2})
TIME_PREFIX = ^
TIME_FORMAT = %Y-%m-%d %H:%M:%S.%3N %z
EXTRACT-user = user=(?<user>\w+);
REPORT-pairs = acme_pairs
EVAL-action = if(result=="ok", "success", "failure")
EVAL-user_role = lookup("acme_roles", json_object("user", user), json_array("role"))
LOOKUP-roles = acme_roles user OUTPUT role
SEDCMD-mask = s/secret/xxx/g
`,
		"default/transforms.conf": "[acme_pairs]\nDELIMS = \";\", \"=\"\n\n[acme_roles]\nfilename = acme_roles.csv\n",
		"default/eventtypes.conf": "[acme_auth]\nsearch = sourcetype=acme:app action=*\n",
		"default/tags.conf":       "[eventtype=acme_auth]\nauthentication = enabled\n",
		"lookups/acme_roles.csv":  "user,role\nalice,admin\n",
	}
	for name, text := range files {
		p := filepath.Join(ta, name)
		Expect(os.MkdirAll(filepath.Dir(p), 0o755)).To(Succeed())
		Expect(os.WriteFile(p, []byte(text), 0o644)).To(Succeed())
	}
	data = filepath.Join(dir, "app.log")
	Expect(os.WriteFile(data, []byte("2024-05-01 10:00:00.123 +0200 INFO user=alice;result=ok;\n  more of alice\n"+
		"2024-05-01 10:00:01.456 +0200 WARN user=bob;result=fail\n"), 0o644)).To(Succeed())
	return ta, data
}

var _ = Describe("--addon on search, fields, replay and test", func() {
	It("applies a user's add-on, index-time and search-time, and names what it does not apply", func() {
		ta, data := writeTA(GinkgoT().TempDir())
		code, out, errOut := cli("search", "| table _time user action role user_role eventtype tag", "--data", data,
			"--sourcetype", "acme:app", "--source", "app.log", "--host", "h", "--addon", ta, "--format", "csv")
		Expect(code).To(Equal(exitOK), errOut)
		// LINE_BREAKER keeps the continuation line with alice's event;
		// TIME_FORMAT reads the +0200 offset (08:00:00.123 UTC).
		Expect(out).To(Equal("_time,user,action,role,user_role,eventtype,tag\n" +
			"1714550401.456,bob,failure,,,acme_auth,authentication\n" +
			"1714550400.123,alice,success,admin,\"{\"\"role\"\":\"\"admin\"\"}\",acme_auth,authentication\n"))
		Expect(errOut).To(ContainSubstring("--addon: not applied: " + filepath.Join(ta, "default", "props.conf") + ":11: [acme:app] SEDCMD-mask: index-time setting not applied"))

		code, out, errOut = cli("fields", "--data", data, "--sourcetype", "acme:app", "--source", "app.log", "--host", "h", "--addon", ta)
		Expect(code).To(Equal(exitOK), errOut)
		Expect(out).To(MatchRegexp(`(?m)^role\s+1\s+50%.*TA-acme \[acme:app\] LOOKUP-roles`))

		code, out, errOut = cli("replay", "--data", data, "--sourcetype", "acme:app", "--source", "app.log", "--host", "h", "--addon", ta, "--out", "-")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(jsonLines(out)).To(HaveLen(2))
		Expect(jsonLines(out)[0]).To(HaveKeyWithValue("action", "success"))
	})

	It("lets dactest test judge a detection on a custom sourcetype with the user's add-on", func() {
		dir := GinkgoT().TempDir()
		ta, _ := writeTA(dir) // app.log beside the manifest
		det := filepath.Join(dir, "content", "detections", "application", "acme_failed_login.yml")
		Expect(os.MkdirAll(filepath.Dir(det), 0o755)).To(Succeed())
		Expect(os.WriteFile(det, []byte(`name: Acme Failed Login
id: 0b4f5b8e-6a3c-4a8e-9c61-3f3a1c2d9e01
version: 1
date: '2024-05-01'
author: Test
status: production
type: TTP
description: A failed Acme login.
data_source: []
search: sourcetype=acme:app action=failure | stats count by user
how_to_implement: Install TA-acme.
known_false_positives: None.
references: []
tags:
  analytic_story: []
  asset_type: Endpoint
  mitre_attack_id: [T1110]
  product: [Splunk Enterprise]
  security_domain: access
`), 0o644)).To(Succeed())
		manifest := filepath.Join(dir, "manifest.yml")
		Expect(os.WriteFile(manifest, []byte(`cases:
- id: acme-failed-login
  content: content
  detection: detections/application/acme_failed_login.yml
  data:
  - path: app.log
    source: app.log
    sourcetype: acme:app
  expect:
    fires: true
    results: 1
`), 0o644)).To(Succeed())
		code, out, errOut := cli("test", "--manifest", manifest, "--no-progress", "--no-validate")
		Expect(code).To(Equal(exitFailed), out+errOut) // no action field without the add-on
		code, out, errOut = cli("test", "--manifest", manifest, "--no-progress", "--no-validate", "--addon", ta)
		Expect(code).To(Equal(exitOK), out+errOut)
		Expect(out).To(ContainSubstring("1 tests: 1 passed"))
	})

	It("stops with one message when an add-on directory is missing", func() {
		code, _, errOut := cli("search", "| stats count", "--data", certutilRaw(), "--addon", "/nonexistent/TA-x")
		Expect(code).To(Equal(exitUsage))
		Expect(errOut).To(Equal("dactest search: add-on definitions: add-on directory /nonexistent/TA-x does not exist\n"))
	})
})
