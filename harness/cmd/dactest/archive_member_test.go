package main

import (
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
