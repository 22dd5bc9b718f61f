package main

import (
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("dactest replay --shift-to on data that is not XmlWinEventLog", func() {
	var data string
	BeforeEach(func() {
		data = filepath.Join(GinkgoT().TempDir(), "ct.json")
		Expect(os.WriteFile(data, []byte(`{"eventTime":"2020-09-14T00:44:23Z","eventName":"ListBuckets"}`+"\n"), 0o644)).To(Succeed())
	})

	It("says that _raw keeps its timestamp when writing a file", func() {
		code, out, errOut := cli("replay", "--data", data, "--sourcetype", "aws:cloudtrail", "--source", "ct", "--host", "h",
			"--shift-to", "2025-01-01T00:00:00Z", "--out", "-")
		Expect(code).To(Equal(exitOK), errOut)
		Expect(jsonLines(out)[0]).To(HaveKeyWithValue("_time", "2025-01-01T00:00:00.000000Z"))
		Expect(errOut).To(ContainSubstring("1 event(s) keep their original timestamp in _raw"))
	})

	It("refuses the HEC raw endpoint, which would stamp events from _raw", func() {
		GinkgoT().Setenv("DACTEST_TEST_HEC_TOKEN", "x")
		code, _, errOut := cli("replay", "--data", data, "--sourcetype", "aws:cloudtrail", "--source", "ct", "--host", "h",
			"--shift-to", "2025-01-01T00:00:00Z", "--hec", "http://127.0.0.1:9", "--token-env", "DACTEST_TEST_HEC_TOKEN", "--endpoint", "raw")
		Expect(code).To(Equal(exitUsage))
		Expect(errOut).To(ContainSubstring("--shift-to with --endpoint raw: 1 event(s) are not XmlWinEventLog"))
	})
})
