package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/xeipuuv/gojsonschema"

	"github.com/dactest/dactest"
)

var _ = Describe("dactest test --manifest on the seven real cases", Ordered, func() {
	var code int
	var stdout, junitPath, jsonPath string

	BeforeAll(func() {
		dir := GinkgoT().TempDir()
		junitPath, jsonPath = filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.json")
		code, stdout, _ = cli("test", "--manifest", shared("cases", "real-detections.yml"),
			"--report", "junit="+junitPath, "--report", "json="+jsonPath)
	})

	It("exits 0 and prints one line per case and the summary", func() {
		Expect(code).To(Equal(exitOK), stdout)
		Expect(stdout).To(ContainSubstring("PASS        Certutil exe certificate extraction — certutil-exportpfx-sysmon-xml: 11 result(s)"))
		Expect(stdout).To(ContainSubstring("7 tests: 7 passed, 0 failed, 0 errors, 0 unsupported, 0 skipped"))
	})

	It("writes a JSON report that matches schemas/report.schema.json", func() {
		data, err := os.ReadFile(jsonPath)
		Expect(err).NotTo(HaveOccurred())
		schema, err := dactest.Schemas.ReadFile("schemas/report.schema.json")
		Expect(err).NotTo(HaveOccurred())
		res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(data))
		Expect(err).NotTo(HaveOccurred())
		Expect(res.Errors()).To(BeEmpty())

		var doc struct {
			Summary struct{ Total, Pass int }
			Tests   []struct {
				CaseID      string           `json:"case_id"`
				Status      string           `json:"status"`
				ResultCount int              `json:"result_count"`
				Expected    *int             `json:"expected_results"`
				Rows        []map[string]any `json:"rows"`
			}
		}
		Expect(json.Unmarshal(data, &doc)).To(Succeed())
		Expect(doc.Summary.Total).To(Equal(7))
		Expect(doc.Summary.Pass).To(Equal(7))
		byID := map[string]int{}
		for i, t := range doc.Tests {
			byID[t.CaseID] = i
		}
		hh := doc.Tests[byID["hh-decompile-sysmon-evtx"]]
		Expect(hh.ResultCount).To(Equal(1))
		Expect(hh.Rows[0]).To(HaveKeyWithValue("process_name", "hh.exe"))
		Expect(hh.Rows[0]).To(HaveKeyWithValue("process_id", "1696"))
		negative := doc.Tests[byID["certutil-on-unrelated-data"]]
		Expect(negative.Expected).NotTo(BeNil())
		Expect(*negative.Expected).To(BeZero())
	})

	It("writes JUnit XML with one testcase per case", func() {
		data, err := os.ReadFile(junitPath)
		Expect(err).NotTo(HaveOccurred())
		var doc struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Suites   []struct {
				Name  string `xml:"name,attr"`
				Cases []struct {
					Name string `xml:"name,attr"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		Expect(xml.Unmarshal(data, &doc)).To(Succeed())
		Expect(doc.Tests).To(Equal(7))
		Expect(doc.Failures).To(BeZero())
		var names []string
		for _, s := range doc.Suites {
			for _, c := range s.Cases {
				names = append(names, c.Name)
			}
		}
		Expect(names).To(ContainElement("Dump LSASS via procdump: procdump-lsass-security-4688-evtx"))
	})
})

var _ = Describe("bad input is reported per test and the run goes on", func() {
	It("a case whose dataset file is missing is an error naming the file; the others still run", func() {
		dir := GinkgoT().TempDir()
		manifest := filepath.Join(dir, "m.yml")
		content := shared("corpus", "security_content")
		data := shared("corpus", "attack_data", "datasets", "attack_techniques", "T1552.004",
			"certutil_exe_certificate_extraction", "certutil_exe_certificate_extraction.raw")
		Expect(os.WriteFile(manifest, []byte(`cases:
- id: missing-data
  content: `+content+`
  detection: detections/endpoint/certutil_exe_certificate_extraction.yml
  data:
  - {path: does-not-exist.log, source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", sourcetype: xmlwineventlog}
  expect: {fires: true}
- id: present-data
  content: `+content+`
  detection: detections/endpoint/certutil_exe_certificate_extraction.yml
  data:
  - {path: `+data+`, source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", sourcetype: xmlwineventlog}
  expect: {fires: true, results: 11}
`), 0o644)).To(Succeed())
		code, stdout, _ := cli("test", "--manifest", manifest)
		Expect(code).To(Equal(exitIncomplete), stdout)
		Expect(stdout).To(MatchRegexp(`ERROR .*missing-data: dataset file missing: .*does-not-exist\.log`))
		Expect(stdout).To(ContainSubstring("PASS        Certutil exe certificate extraction — present-data: 11 result(s)"))
	})

	It("an exact count that differs fails with exit 1", func() {
		dir := GinkgoT().TempDir()
		manifest := filepath.Join(dir, "m.yml")
		data := shared("corpus", "attack_data", "datasets", "attack_techniques", "T1552.004",
			"certutil_exe_certificate_extraction", "certutil_exe_certificate_extraction.raw")
		Expect(os.WriteFile(manifest, []byte(`cases:
- id: wrong-count
  content: `+shared("corpus", "security_content")+`
  detection: detections/endpoint/certutil_exe_certificate_extraction.yml
  data:
  - {path: `+data+`, source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", sourcetype: xmlwineventlog}
  expect: {fires: true, results: 3}
`), 0o644)).To(Succeed())
		sarif := filepath.Join(dir, "failures.sarif")
		code, stdout, _ := cli("test", "--manifest", manifest, "--report", "sarif="+sarif)
		Expect(code).To(Equal(exitFailed))
		Expect(stdout).To(ContainSubstring("expected exactly 3 result(s), got 11"))
		// SARIF points code scanning at the detection's search: line.
		log, err := os.ReadFile(sarif)
		Expect(err).NotTo(HaveOccurred())
		Expect(string(log)).To(ContainSubstring(`"ruleId": "dactest/test-failed"`))
		Expect(string(log)).To(MatchRegexp(`certutil_exe_certificate_extraction\.yml"\s*},\s*"region": {\s*"startLine": 13,`))
	})
})

var _ = Describe("a whole security_content tree", func() {
	It("runs every test with no crash and tallies what compiled", func() {
		code, stdout, _ := cli("test", "--content", shared("corpus", "security_content"),
			"--data-root", shared("corpus", "attack_data"), "--quiet")
		// The tree's .log datasets are not in the corpus (Git LFS), so most
		// tests are errors naming the missing file: exit 3, not a pass.
		Expect(code).To(Equal(exitIncomplete))
		Expect(stdout).To(MatchRegexp(`searches: 1613 detections, \d+ compiled, \d+ unsupported, \d+ invalid`))
		Expect(stdout).To(ContainSubstring("dataset file missing"))
		// The missing piece, why, and where: "unsupported: command iplocation
		// (it needs a GeoIP database, ...), file.yml:line:col".
		Expect(stdout).To(MatchRegexp(`UNSUPPORTED .*unsupported: command iplocation \(it needs a GeoIP database[^)]*\), .*\.yml:\d+:\d+`))
	})

	It("validates with no error-severity finding", func() {
		code, stdout, _ := cli("validate", "--content", shared("corpus", "security_content"))
		Expect(code).To(Equal(exitOK))
		Expect(stdout).To(ContainSubstring("1711 detections, 189 macros"))
		Expect(stdout).NotTo(MatchRegexp(`:\d+:\d+: error `))
	})
})

var _ = Describe("usage", func() {
	It("--help lists every command and the exit codes", func() {
		code, stdout, _ := cli("--help")
		Expect(code).To(Equal(exitOK))
		for _, c := range commands() {
			Expect(stdout).To(ContainSubstring(c.name))
		}
		Expect(stdout).To(ContainSubstring("Exit codes"))
	})

	DescribeTable("usage errors exit 2",
		func(args ...string) {
			code, _, _ := cli(args...)
			Expect(code).To(Equal(exitUsage))
		},
		Entry("unknown command", "frobnicate"),
		Entry("unknown flag", "test", "--frobnicate"),
		Entry("bad report spec", "test", "--report", "junit"),
		Entry("unknown report format", "test", "--report", "xls=out.xls"),
		Entry("content root that does not exist", "test", "--content", "/nonexistent/dir"),
	)
})

var _ = Describe("the embedded default content", func() {
	It("dactest test with no arguments passes every true-positive and negative test", func() {
		code, stdout, _ := cli("test")
		Expect(code).To(Equal(exitOK), stdout)
		Expect(stdout).To(MatchRegexp(`(\d+) tests: (\d+) passed, 0 failed, 0 errors, 0 unsupported, 0 skipped`))
		Expect(stdout).To(ContainSubstring("Negative Test"))
		Expect(stdout).To(ContainSubstring("searches: 6 detections, 6 compiled, 0 unsupported, 0 invalid"))
	})

	It("dactest validate with no arguments finds no error", func() {
		code, stdout, _ := cli("validate")
		Expect(code).To(Equal(exitOK), stdout)
		Expect(stdout).NotTo(MatchRegexp(`: error `))
	})
})
