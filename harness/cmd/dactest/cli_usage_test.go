package main

import (
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("usage errors a fresh user met", func() {
	It("says a detection file that does not exist is not found", func() {
		code, _, stderr := cli("test", "nosuch.yml")
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("nosuch.yml: file not found"))
		Expect(stderr).NotTo(ContainSubstring("detections/ folder"))
	})

	It("refuses two reports on stdout and creates no report file", func() {
		dir := GinkgoT().TempDir()
		junit := filepath.Join(dir, "junit.xml")
		code, stdout, stderr := cli("test", "--report", "junit="+junit, "--report", "json=-", "--report", "junit=-")
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("--report json=- and --report junit=- both write to stdout"))
		Expect(stdout).To(BeEmpty())
		Expect(junit).NotTo(BeAnExistingFile())
	})

	It("runs the other cases of a manifest naming a missing detection, then exits 2", func() {
		dir := embeddedCopy()
		manifest := filepath.Join(dir, "cases.yml")
		Expect(os.WriteFile(manifest, []byte(`cases:
- id: whoami
  content: .
  detection: detections/endpoint/windows_whoami_privilege_and_group_discovery.yml
  data:
  - {path: datasets/security/whoami_discovery.xml, source: "XmlWinEventLog:Security", sourcetype: XmlWinEventLog}
  expect: {fires: true}
- id: typo
  content: .
  detection: detections/endpoint/no_such_detection.yml
  data:
  - {path: datasets/security/whoami_discovery.xml, source: "XmlWinEventLog:Security", sourcetype: XmlWinEventLog}
  expect: {fires: true}
`), 0o644)).To(Succeed())
		code, stdout, stderr := cli("test", "--manifest", manifest)
		Expect(code).To(Equal(exitUsage))
		Expect(stdout).To(ContainSubstring("PASS        Windows Whoami"))
		Expect(stdout).To(MatchRegexp(`ERROR .*cases\.yml:8:3: case typo: detection detections/endpoint/no_such_detection.yml not found`))
		Expect(stderr).To(ContainSubstring("1 manifest case(s) name a content tree or detection that does not exist"))
	})
})

var _ = Describe("a manifest case whose detection file does not load", func() {
	It("fails the case at the load error, as the detection's own tests do, not 'not found'", func() {
		dir := embeddedCopy()
		whoami := filepath.Join(dir, "detections/endpoint/windows_whoami_privilege_and_group_discovery.yml")
		Expect(os.WriteFile(whoami, []byte("name: W\n  bad: [unclosed\n"), 0o644)).To(Succeed())
		manifest := filepath.Join(dir, "cases.yml")
		Expect(os.WriteFile(manifest, []byte(`cases:
- id: broken
  content: .
  detection: detections/endpoint/windows_whoami_privilege_and_group_discovery.yml
  data:
  - {path: datasets/security/whoami_discovery.xml, source: "XmlWinEventLog:Security", sourcetype: XmlWinEventLog}
  expect: {fires: true}
`), 0o644)).To(Succeed())
		code, stdout, stderr := cli("test", "--manifest", manifest)
		Expect(code).To(Equal(exitFailed), stderr)
		Expect(stdout).To(MatchRegexp(`(?m)^FAIL .*broken: detection file does not load: .*windows_whoami_privilege_and_group_discovery\.yml:2:\d+: YAML syntax error`))
		Expect(stdout).NotTo(ContainSubstring("not found"))
	})
})

var _ = Describe("a manifest case whose data is a URL", func() {
	It("downloads it as a detection's test would (offline: an ERROR naming the URL and the entry)", func() {
		dir := embeddedCopy()
		manifest := filepath.Join(dir, "cases.yml")
		Expect(os.WriteFile(manifest, []byte(`cases:
- id: remote
  content: .
  detection: detections/endpoint/windows_whoami_privilege_and_group_discovery.yml
  data:
  - {path: "https://example.invalid/whoami.xml", source: "XmlWinEventLog:Security", sourcetype: XmlWinEventLog}
  expect: {fires: true}
`), 0o644)).To(Succeed())
		code, stdout, stderr := cli("test", "--manifest", manifest, "--offline", "--cache-dir", GinkgoT().TempDir())
		Expect(code).To(Equal(exitIncomplete), stderr)
		Expect(stdout).To(MatchRegexp(`ERROR .*remote: https://example\.invalid/whoami\.xml: not in the download cache .*cases\.yml:6:5`))
	})
})

var _ = Describe("a run narrowed to named detection files", func() {
	It("reports those tests without the whole tree's compile tally", func() {
		dir := embeddedCopy()
		code, stdout, stderr := cli("test", filepath.Join(dir, "detections", "endpoint", "windows_whoami_privilege_and_group_discovery.yml"))
		Expect(code).To(Equal(exitOK), stderr)
		Expect(stdout).To(ContainSubstring("2 tests: 2 passed"))
		Expect(stdout).NotTo(ContainSubstring("searches:"))
		// the whole tree still gets it
		_, stdout, _ = cli("test", "--content", dir)
		Expect(stdout).To(ContainSubstring("searches: 6 detections, 6 compiled"))
	})
})

var _ = Describe("--data that gives no event at all", func() {
	// README: search exits 2 when "nothing usable"; an empty table and
	// exit 3 read like "the search matched nothing in data that was read".
	DescribeTable("is a usage error naming the path, not an empty result",
		func(args ...string) {
			code, stdout, stderr := cli(args...)
			Expect(code).To(Equal(exitUsage))
			Expect(stdout).To(BeEmpty())
			Expect(stderr).To(ContainSubstring("--data /nonexistent/x.log: no such file or folder"))
			Expect(stderr).To(ContainSubstring("no events read from --data /nonexistent/x.log"))
		},
		Entry("search", "search", "*", "--data", "/nonexistent/x.log"),
		Entry("fields", "fields", "--data", "/nonexistent/x.log"),
		Entry("replay", "replay", "--data", "/nonexistent/x.log"),
	)

	DescribeTable("an empty folder, or a folder of files without events, is a usage error too",
		func(cmd string, files map[string]string, why string) {
			dir := GinkgoT().TempDir()
			for name, text := range files {
				Expect(os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)).To(Succeed())
			}
			args := []string{cmd, "--data", dir}
			if cmd == "search" {
				args = []string{cmd, "*", "--data", dir}
			}
			code, stdout, stderr := cli(args...)
			Expect(code).To(Equal(exitUsage), stderr)
			Expect(stdout).To(BeEmpty())
			Expect(stderr).To(ContainSubstring("no events read from --data " + dir + why))
		},
		Entry("search, empty folder", "search", nil, " (no data file found there"),
		Entry("fields, an empty file", "fields", map[string]string{"a.log": ""}, ""),
		Entry("replay, a YAML file only", "replay", map[string]string{"x.yml": "foo: bar\n"}, " (no data file found there: a folder's .yml descriptors"),
	)

	It("still reads the rest when one of several is missing (exit 3)", func() {
		code, stdout, stderr := cli("search", "| stats count", "--data", "/nonexistent/x.log", "--data", certutilRaw(), "--format", "csv")
		Expect(code).To(Equal(exitIncomplete))
		Expect(stdout).To(ContainSubstring("40"))
		Expect(stderr).To(ContainSubstring("--data /nonexistent/x.log: no such file or folder"))
	})
})

var _ = Describe("a named detection file whose tests are skipped", func() {
	It("lists the skipped test with its reason, not only '1 skipped'", func() {
		dir := embeddedCopy()
		file := filepath.Join(dir, "detections", "endpoint", "windows_whoami_privilege_and_group_discovery.yml")
		data, err := os.ReadFile(file)
		Expect(err).NotTo(HaveOccurred())
		Expect(os.WriteFile(file, []byte(strings.Replace(string(data), "status: production", "status: experimental", 1)), 0o644)).To(Succeed())
		code, stdout, _ := cli("test", file)
		Expect(code).To(Equal(exitOK))
		Expect(stdout).To(ContainSubstring(`SKIP        Windows Whoami Privilege And Group Discovery — True Positive Test: status "experimental": only production detections are tested`))
		Expect(stdout).To(ContainSubstring(`skipped by reason: status "experimental" (2)`))
	})
})

var _ = Describe("a --data-root that is not there", func() {
	It("is a usage error up front, not a 'dataset file missing' per test", func() {
		for _, args := range [][]string{
			{"test", "--content", shared("corpus", "security_content"), "--data-root", "/nonexistent/attack_dta"},
			{"explain", shared("corpus", "security_content", "detections", "endpoint", "certutil_exe_certificate_extraction.yml"), "--data-root", "/nonexistent/attack_dta"},
		} {
			code, stdout, stderr := cli(args...)
			Expect(code).To(Equal(exitUsage), args[0])
			Expect(stdout).To(BeEmpty())
			Expect(stderr).To(ContainSubstring("--data-root /nonexistent/attack_dta: no such folder"))
		}
	})
})

var _ = Describe("a dataset with a broken record", func() {
	It("is named in the same words by test and by search", func() {
		dir := embeddedCopy()
		data := filepath.Join(dir, "datasets", "security", "whoami_discovery.xml")
		raw, err := os.ReadFile(data)
		Expect(err).NotTo(HaveOccurred())
		Expect(os.WriteFile(data, []byte(strings.Replace(string(raw), "</Event>", "", 1)), 0o644)).To(Succeed())

		_, stdout, _ := cli("test", filepath.Join(dir, "detections", "endpoint", "windows_whoami_privilege_and_group_discovery.yml"))
		Expect(stdout).To(MatchRegexp(`input lost: \S+whoami_discovery\.xml: record 1 \(offset 0\): `))
		code, _, stderr := cli("search", "*", "--data", data, "--format", "csv")
		Expect(stderr).To(MatchRegexp(`skipped bad record: \S+whoami_discovery\.xml: record 1 \(offset 0\): `))
		Expect(code).To(Equal(exitIncomplete)) // an event the search did not see
	})

	It("prints at most 20 problems, then how many more", func() {
		data := filepath.Join(GinkgoT().TempDir(), "bad.json")
		lines := strings.Repeat(`{"a": ]}`+"\n", 30) + `{"a": "1"}` + "\n"
		Expect(os.WriteFile(data, []byte(lines), 0o644)).To(Succeed())
		code, stdout, stderr := cli("search", "| stats count", "--data", data, "--sourcetype", "_json", "--source", "s", "--host", "h", "--format", "csv")
		Expect(code).To(Equal(exitIncomplete), stderr)
		Expect(stdout).To(ContainSubstring("1"))
		Expect(strings.Count(stderr, "skipped bad record")).To(Equal(20))
		Expect(stderr).To(MatchRegexp(`… \d+ more problems reading --data`))
	})
})

var _ = Describe("a dataset read only in part", func() {
	It("cannot pass a negative test, and one with no readable event is an error", func() {
		dir := embeddedCopy()
		detection := filepath.Join(dir, "detections", "endpoint", "windows_powershell_encoded_command_line.yml")
		benign := filepath.Join(dir, "datasets", "sysmon", "powershell_benign.xml")
		raw, err := os.ReadFile(benign)
		Expect(err).NotTo(HaveOccurred())

		Expect(os.WriteFile(benign, []byte(strings.Replace(string(raw), "</Event>", "", 1)), 0o644)).To(Succeed())
		code, stdout, _ := cli("test", detection)
		Expect(code).To(Equal(exitIncomplete))
		Expect(stdout).To(MatchRegexp(`ERROR +\S.*: no result, as expected, but only on part of the data: 1 problem while reading it \(the first: \S+powershell_benign\.xml: record 1 `))
		Expect(stdout).To(MatchRegexp(`PASS +\S.*True Positive`))

		Expect(os.WriteFile(benign, []byte(strings.ReplaceAll(string(raw), "</Event>", "")), 0o644)).To(Succeed())
		code, stdout, _ = cli("test", detection)
		Expect(code).To(Equal(exitIncomplete))
		Expect(stdout).To(MatchRegexp(`ERROR +\S.*no event could be read from dataset \S+powershell_benign\.xml: \S+: record 1 `))
	})
})

var _ = Describe("usage errors name what is wrong in one line", func() {
	DescribeTable("exit 2 with the problem named, no usage dump",
		func(want string, args ...string) {
			code, stdout, stderr := cli(args...)
			Expect(code).To(Equal(exitUsage), stderr)
			Expect(stdout).To(BeEmpty())
			Expect(stderr).To(ContainSubstring(want))
			Expect(stderr).NotTo(ContainSubstring("Flags:"))
		},
		Entry("version takes no arguments", "version: takes no arguments, got --bogus", "version", "--bogus"),
		Entry("explain of a missing file", "nonexist.yml: file not found", "explain", "nonexist.yml"),
		Entry("explain --data of a missing file", "--data /nonexistent/x.xml: no such file", "explain",
			filepath.Join("..", "..", "..", certutilDetection), "--data", "/nonexistent/x.xml"),
		Entry("fields --samples below 0", "--samples -1: want 0 or more (dactest fields --help)", "fields", "--samples", "-1", "--data", "x"),
	)

	It("names an unknown datasets subcommand", func() {
		code, _, stderr := cli("datasets", "frob")
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(HavePrefix(`dactest datasets: unknown subcommand "frob"`))
	})

	It("answers --version as the version command", func() {
		code, stdout, _ := cli("--version")
		Expect(code).To(Equal(exitOK))
		Expect(stdout).To(MatchRegexp(`^dactest \S+\n$`))
	})
})
