package main

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("dactest test --data-glob (survey)", func() {
	It("pairs each runnable detection with the datasets of a matching source; what fires is a FAIL", func() {
		code, stdout, stderr := cli("test", "--content", shared("corpus", "security_content_2026"),
			"--data-glob", shared("corpus", "evtx-attack-samples")+"/**",
			"--data-glob", shared("corpus", "attack_data")+"/**/*.raw")
		Expect(code).To(Equal(exitFailed), stderr)
		// The Sysmon EventID 7 detection reads both Sysmon captures (the
		// .raw one's first event is Sysmon) and fires on the image loads
		// from a share only.
		Expect(stdout).To(MatchRegexp(`FAIL +Windows Remote Image Load — survey .*LM_ImageLoad_NFSH_Sysmon_7\.evtx: expected exactly 0 result\(s\), got 1`))
		Expect(stdout).To(ContainSubstring("2 tests: 1 passed, 1 failed"))
	})

	DescribeTable("usage errors",
		func(args ...string) {
			code, _, stderr := cli(args...)
			Expect(code).To(Equal(exitUsage))
			Expect(stderr).To(ContainSubstring("--data-glob"))
		},
		Entry("a glob matching nothing", "test", "--content", shared("corpus", "security_content_2026"), "--data-glob", "/nonexistent/**/*.evtx"),
		Entry("no Windows dataset among the files", "test", "--content", shared("corpus", "security_content_2026"), "--data-glob", shared("corpus", "README.md")),
		Entry("with a manifest", "test", "--manifest", shared("cases", "real-detections.yml"), "--data-glob", shared("corpus", "README.md")),
		// the 2026 tree's one detection reads Sysmon; the Security captures pair with nothing
		Entry("no detection reads the datasets' source", "test", "--content", shared("corpus", "security_content_2026"), "--data-glob", repoPath("datasets", "security")+"/*.xml"),
	)
})
