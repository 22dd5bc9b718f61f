package main

import (
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("a run that stops before its reports are written", func() {
	// Report files are opened before the run so a bad path fails at once;
	// a usage error found later (a filter matching nothing, a bad git ref,
	// a missing content root) must neither empty last run's report nor
	// leave an empty one for CI to publish as a broken JUnit file.
	It("leaves an existing report as it was and creates no new one", func() {
		dir := GinkgoT().TempDir()
		old := filepath.Join(dir, "junit.xml")
		Expect(os.WriteFile(old, []byte("<testsuites/>"), 0o644)).To(Succeed())
		fresh := filepath.Join(dir, "report.json")
		code, _, stderr := cli("test", "--filter", "name=no-such-detection", "--report", "junit="+old, "--report", "json="+fresh)
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("matched none"))
		Expect(os.ReadFile(old)).To(Equal([]byte("<testsuites/>")))
		Expect(fresh).NotTo(BeAnExistingFile())
	})

	It("still replaces a longer previous report entirely when it runs", func() {
		dir := GinkgoT().TempDir()
		path := filepath.Join(dir, "summary.md")
		Expect(os.WriteFile(path, make([]byte, 1<<20), 0o644)).To(Succeed())
		code, _, _ := cli("test", "--quiet", "--report", "markdown="+path)
		Expect(code).To(Equal(exitOK))
		data, err := os.ReadFile(path)
		Expect(err).NotTo(HaveOccurred())
		Expect(data).NotTo(ContainElement(byte(0)), "no bytes of the old file are left")
		Expect(string(data)).To(HavePrefix("## dactest"))
	})
})
