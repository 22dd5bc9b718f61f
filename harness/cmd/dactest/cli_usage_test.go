package main

import (
	"os"
	"path/filepath"

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
		Expect(stdout).To(MatchRegexp(`ERROR .*case typo: detection detections/endpoint/no_such_detection.yml not found`))
		Expect(stderr).To(ContainSubstring("1 manifest case(s) name a content tree or detection that does not exist"))
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
