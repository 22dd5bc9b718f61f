package main

import (
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// nxlogCapture is attack_data's NXLog JSON-lines capture of T1047: 8,220
// events that name no Splunk source, sourcetype or host.
func nxlogCapture() string {
	return shared("corpus", "attack_data", "datasets", "attack_techniques", "T1047", "atomic_red_team", "attack_data.tar.gz")
}

var _ = Describe("JSON-lines captures without source, sourcetype or host", func() {
	It("replay names the file and what is missing, replays none of them and exits 3", func() {
		code, stdout, stderr := cli("replay", "--data", nxlogCapture())
		Expect(code).To(Equal(exitIncomplete))
		Expect(stderr).To(ContainSubstring(nxlogCapture() + ": 8220 of 8220 events have no source, sourcetype, host"))
		Expect(stderr).To(ContainSubstring("8220 event(s) without source or sourcetype not replayed"))
		Expect(stdout).To(BeEmpty())
	})

	It("replay writes them once --source and --sourcetype are given, still naming the missing host", func() {
		out := filepath.Join(GinkgoT().TempDir(), "events.jsonl")
		code, _, stderr := cli("replay", "--data", nxlogCapture(), "--source", "nxlog", "--sourcetype", "nxlog:json", "--out", out)
		Expect(code).To(Equal(exitOK), stderr)
		Expect(stderr).To(ContainSubstring(": 8220 of 8220 events have no host"))
		data, err := os.ReadFile(out)
		Expect(err).NotTo(HaveOccurred())
		Expect(jsonLines(string(data))).To(HaveLen(8220))
	})

	It("fields and search warn the same way", func() {
		for _, args := range [][]string{{"fields", "--data", nxlogCapture()}, {"search", "| stats count", "--data", nxlogCapture()}} {
			_, _, stderr := cli(args...)
			Expect(stderr).To(ContainSubstring("events have no source, sourcetype, host"), args[0])
		}
	})

	It("a test replaying one indexes it as contentctl would: its source and sourcetype, host CONTENTCTL_HOST, no warning", func() {
		dir := embeddedCopy()
		manifest := filepath.Join(dir, "cases.yml")
		Expect(os.WriteFile(manifest, []byte(`cases:
- id: nxlog-negative
  content: .
  detection: detections/endpoint/windows_whoami_privilege_and_group_discovery.yml
  data:
  - {path: `+nxlogCapture()+`, source: "XmlWinEventLog:Security", sourcetype: XmlWinEventLog}
  expect: {fires: false}
`), 0o644)).To(Succeed())
		code, stdout, stderr := cli("test", "--manifest", manifest, "--verbose")
		Expect(code).To(Equal(exitOK), stderr)
		Expect(stdout + stderr).NotTo(ContainSubstring("have no host"))
	})
})
