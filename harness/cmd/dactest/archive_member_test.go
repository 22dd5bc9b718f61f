package main

import (
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func otrfCloudTrailZip() string {
	return shared("corpus", "otrf", "datasets", "atomic", "aws", "collection", "ec2_proxy_s3_exfiltration.zip")
}

// FORMATS.md: "path/to/data.zip#*.json chooses members by path.Match
// pattern"; --data must take that form, not look for a file named so.
var _ = Describe("--data ARCHIVE#PATTERN", func() {
	It("reads the chosen members", func() {
		// The zip holds one member, ec2_proxy_s3_exfiltration_2020-09-14011940.json,
		// of 103 JSON lines (wc -l after unzip -p).
		code, out, errOut := cli("search", "| stats count", "--data", otrfCloudTrailZip()+"#*.json",
			"--sourcetype", "aws:cloudtrail", "--source", "ct", "--host", "h", "--format", "csv")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(out).To(Equal("count\n103\n"))
	})

	It("names the members when the pattern matches none", func() {
		code, _, errOut := cli("search", "| stats count", "--data", otrfCloudTrailZip()+"#*.csv",
			"--sourcetype", "aws:cloudtrail", "--source", "ct", "--host", "h", "--format", "csv")
		Expect(code).To(Equal(exitUsage))
		Expect(errOut).To(ContainSubstring("ec2_proxy_s3_exfiltration_2020-09-14011940.json"))
		Expect(errOut).NotTo(ContainSubstring("no such file or folder"))
	})
})

// A truncated archive loses the rest of its member: the events before the
// cut are searched, the loss is named, and the exit code says the result
// is partial (3), not a clean 0.
var _ = Describe("--data on a truncated archive", func() {
	It("reads what is there and exits 3", func() {
		full, err := os.ReadFile(shared("corpus", "attack_data", "datasets", "attack_techniques", "T1047", "atomic_red_team", "attack_data.tar.gz"))
		Expect(err).NotTo(HaveOccurred())
		cut := filepath.Join(GinkgoT().TempDir(), "cut.tar.gz")
		Expect(os.WriteFile(cut, full[:300000], 0o644)).To(Succeed())
		code, out, errOut := cli("search", "| stats count", "--data", cut, "--sourcetype", "_json", "--source", "s", "--host", "h", "--format", "csv")
		Expect(code).To(Equal(exitIncomplete), errOut)
		Expect(out).To(MatchRegexp(`^count\n[1-9]\d*\n$`))
		Expect(errOut).To(ContainSubstring("dactest search: events lost: " + cut + "#attack_data.txt: offset "))
		Expect(errOut).To(ContainSubstring("archive truncated or corrupt"))
	})
})
