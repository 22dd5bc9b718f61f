package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dactest/dactest"
)

// embeddedCopy writes the embedded default content to a temporary folder,
// so a test can break one file of it.
func embeddedCopy() string {
	dir := GinkgoT().TempDir()
	Expect(copyFS(dir, dactest.Content)).To(Succeed())
	return dir
}

const certutilDetection = "detections/endpoint/certutil_url_cache_file_download.yml"

var _ = Describe("a broken detection file", func() {
	DescribeTable("fails its run instead of vanishing from it",
		func(mangle func(string) string, wantMessage string) {
			dir := embeddedCopy()
			path := filepath.Join(dir, certutilDetection)
			data, err := os.ReadFile(path)
			Expect(err).NotTo(HaveOccurred())
			Expect(os.WriteFile(path, []byte(mangle(string(data))), 0o644)).To(Succeed())

			jsonPath := filepath.Join(GinkgoT().TempDir(), "r.json")
			code, stdout, _ := cli("test", "--content", dir, "--report", "json="+jsonPath)
			Expect(code).To(Equal(exitFailed), stdout)
			Expect(stdout).To(MatchRegexp(`FAIL .*detection file does not load: .*certutil_url_cache_file_download\.yml:\d+:\d+: .*` + wantMessage))
			report, err := os.ReadFile(jsonPath)
			Expect(err).NotTo(HaveOccurred())
			Expect(string(report)).To(ContainSubstring("certutil_url_cache_file_download.yml"))
		},
		Entry("YAML syntax error", func(s string) string { return "name: \"unclosed\n" + s }, ""),
		Entry("duplicate key", func(s string) string { return s + "status: experimental\n" }, "status"),
		Entry("empty file", func(string) string { return "" }, ""),
		Entry("wrong type for expected_results", func(s string) string {
			return s + "  expected_results: two\n"
		}, ""),
	)
})

var _ = Describe("command-line handling", func() {
	It("takes flags after detection files, and infers the content root from them", func() {
		dir := embeddedCopy()
		jsonPath := filepath.Join(GinkgoT().TempDir(), "late.json")
		code, stdout, _ := cli("test", filepath.Join(dir, certutilDetection), "--report", "json="+jsonPath)
		Expect(code).To(Equal(exitOK), stdout)
		Expect(stdout).To(ContainSubstring("2 tests: 2 passed"))
		Expect(jsonPath).To(BeAnExistingFile())
	})

	It("keeps stdout a well-formed report when a report goes to stdout", func() {
		code, stdout, stderr := cli("test", "--report", "json=-")
		Expect(code).To(Equal(exitOK))
		var doc map[string]any
		Expect(json.Unmarshal([]byte(stdout), &doc)).To(Succeed())
		Expect(stderr).To(ContainSubstring("passed"))
	})

	It("refuses a manifest that breaks its schema instead of running its cases", func() {
		manifest := filepath.Join(GinkgoT().TempDir(), "m.yml")
		Expect(os.WriteFile(manifest, []byte(`cases:
- id: typo
  content: x
  detection: y.yml
  data: [{path: z, source: s, sourcetype: t}]
  expect: {fire: true}
`), 0o644)).To(Succeed())
		code, _, stderr := cli("test", "--manifest", manifest)
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(MatchRegexp(`m\.yml:\d+:\d+`))
	})

	It("names the manifest entry of a case whose dataset is missing", func() {
		manifest := filepath.Join(GinkgoT().TempDir(), "m.yml")
		Expect(os.WriteFile(manifest, []byte(`cases:
- id: gone
  content: `+repoPath()+`
  detection: detections/endpoint/certutil_url_cache_file_download.yml
  data:
    - {path: nope.xml, source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", sourcetype: XmlWinEventLog}
  expect: {fires: true}
`), 0o644)).To(Succeed())
		code, stdout, _ := cli("test", "--manifest", manifest)
		Expect(code).To(Equal(exitIncomplete))
		Expect(stdout).To(MatchRegexp(`dataset file missing: \S+nope\.xml \(from \S+\), ` + regexp.QuoteMeta(manifest) + `:6:7`))
	})

	DescribeTable("contradictory or impossible requests exit 2 before running",
		func(args ...string) {
			code, _, stderr := cli(args...)
			Expect(code).To(Equal(exitUsage), stderr)
			Expect(stderr).NotTo(BeEmpty())
		},
		Entry("negative workers", "test", "--workers", "-3"),
		Entry("quiet and verbose", "test", "--quiet", "--verbose"),
		Entry("content and manifest", "test", "--content", ".", "--manifest", "m.yml"),
		Entry("a file that is no detection of the tree", "test", "--content", "../../../detections/..", "nope.yml"),
		Entry("a report path that cannot be written", "test", "--report", "json=/nonexistent/dir/r.json"),
		Entry("a file outside any detections folder", "test", "/tmp/x.yml"),
		Entry("no command at all"),
		Entry("validate with a stray argument", "validate", "stray"),
		Entry("a filter that keeps no test (a typo must not go green)", "test", "--filter", "name=nosuchthing"),
		Entry("validate on a folder with no content (a --content typo must not go green)", "validate", "--content", shared("corpus", "attack_data")),
		Entry("coverage on a folder with no content", "coverage", "--content", shared("corpus", "attack_data")),
	)

	DescribeTable("a bad flag value is named, not only answered with the usage",
		func(want string, args ...string) {
			code, _, stderr := cli(args...)
			Expect(code).To(Equal(exitUsage))
			Expect(stderr).To(ContainSubstring(want))
		},
		Entry("fields --format", `unknown --format "csv"`, "fields", "--data", repoPath("datasets", "security", "whoami_benign.xml"), "--format", "csv"),
		Entry("fields --samples", "--samples -1: want 0 or more", "fields", "--data", repoPath("datasets", "security", "whoami_benign.xml"), "--samples", "-1"),
		Entry("datasets validate --format", `unknown --format "xml"`, "datasets", "validate", "--format", "xml", shared("corpus", "attack_data", "datasets")),
		Entry("replay --batch", "--batch 0: want 1 or more", "replay", "--data", repoPath("datasets", "security", "whoami_benign.xml"), "--batch", "0"),
		Entry("datasets validate on a data file", "is not a dataset descriptor", "datasets", "validate", repoPath("datasets", "security", "whoami_benign.xml")),
	)
})

var _ = Describe("expected_results as a range", func() {
	DescribeTable("a detection test may bound its row count instead of fixing it",
		func(bound string, wantCode int, want string) {
			dir := embeddedCopy()
			path := filepath.Join(dir, certutilDetection)
			data, err := os.ReadFile(path)
			Expect(err).NotTo(HaveOccurred())
			// The true-positive test gives 2 rows (see the detection).
			edited := strings.Replace(string(data), "expected_results: 2\n", "expected_results: "+bound+"\n", 1)
			Expect(edited).NotTo(Equal(string(data)))
			Expect(os.WriteFile(path, []byte(edited), 0o644)).To(Succeed())
			code, stdout, _ := cli("test", "--content", dir, certutilDetection)
			Expect(code).To(Equal(wantCode), stdout)
			Expect(stdout).To(ContainSubstring(want))
		},
		Entry("within min and max", "{min: 1, max: 3}", exitOK, "True Positive Test: 2 result(s)"),
		Entry("below min", "{min: 3}", exitFailed, "expected at least 3 result(s), got 2"),
		Entry("above max", "{max: 1}", exitFailed, "expected at most 1 result(s), got 2"),
		Entry("not a count", "{least: 1}", exitFailed, "detection file does not load"),
	)
})

var _ = Describe("a dataset that exists but cannot be read", func() {
	It("points the test's ERROR at the data entry naming it, in the message and the JSON report", func() {
		dir := embeddedCopy()
		pointer := "version https://git-lfs.github.com/spec/v1\noid sha256:" + strings.Repeat("ab", 32) + "\nsize 1234\n"
		Expect(os.WriteFile(filepath.Join(dir, "datasets/sysmon/certutil_urlcache.xml"), []byte(pointer), 0o644)).To(Succeed())
		out := filepath.Join(GinkgoT().TempDir(), "r.json")
		code, stdout, stderr := cli("test", "--content", dir, filepath.Join(dir, certutilDetection), "--report", "json="+out)
		Expect(code).To(Equal(exitIncomplete), stderr)
		Expect(stdout).To(MatchRegexp(`ERROR .*True Positive Test: .*certutil_url_cache_file_download\.yml:76:5`))
		b, err := os.ReadFile(out)
		Expect(err).NotTo(HaveOccurred())
		Expect(string(b)).To(MatchRegexp(`"data_at": \{\s*"file": "[^"]*certutil_url_cache_file_download\.yml",\s*"line": 76,\s*"col": 5`))
	})
})

var _ = Describe("the index replayed events are in", func() {
	// contentctl replays into its replay_index unless attack_data names a
	// custom_index; a search's index= term matches as it would there.
	It("is contentctl's testing index, or the test's custom_index", func() {
		dir := embeddedCopy()
		path := filepath.Join(dir, certutilDetection)
		data, err := os.ReadFile(path)
		Expect(err).NotTo(HaveOccurred())
		indexed := strings.Replace(string(data), "from datamodel=Endpoint.Processes where ", "from datamodel=Endpoint.Processes where index=contentctl_testing_index ", 1)
		Expect(indexed).NotTo(Equal(string(data)))
		Expect(os.WriteFile(path, []byte(indexed), 0o644)).To(Succeed())
		code, stdout, stderr := cli("test", "--content", dir, path, "--quiet")
		Expect(code).To(Equal(exitOK), stdout+stderr)

		custom := strings.Replace(indexed, "    source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\n    sourcetype: XmlWinEventLog\n- name: Negative",
			"    source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\n    sourcetype: XmlWinEventLog\n    custom_index: sysmon\n- name: Negative", 1)
		Expect(custom).NotTo(Equal(indexed))
		Expect(os.WriteFile(path, []byte(custom), 0o644)).To(Succeed())
		code, stdout, _ = cli("test", "--content", dir, path, "--quiet")
		Expect(code).To(Equal(exitFailed))
		Expect(stdout).To(MatchRegexp(`FAIL .*True Positive Test`))
	})
})
