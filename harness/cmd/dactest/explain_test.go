package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/xeipuuv/gojsonschema"

	"github.com/dactest/dactest"
)

var hhEVTX = shared("corpus", "attack_data", "datasets", "attack_techniques", "T1218.001", "atomic_red_team",
	"hh_decompile_t1218.001_capattack", "Microsoft-Windows-Sysmon%4Operational.evtx")

var _ = Describe("dactest explain", func() {
	It("explains certutil on the hh.exe EVTX stage by stage, naming the failed field", func() {
		code, stdout, stderr := cli("explain", "--content", shared("corpus", "security_content"),
			"detections/endpoint/certutil_exe_certificate_extraction.yml",
			"--data", hhEVTX, "--source", "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "--sourcetype", "xmlwineventlog")
		Expect(code).To(Equal(exitOK), stderr)
		Expect(stdout).To(ContainSubstring("does not fire:"))
		Expect(stdout).To(MatchRegexp(`✗ tstats\s+371 → 0 `))
		Expect(stdout).To(MatchRegexp(`rename\s+0 → 0 `))
		Expect(stdout).To(ContainSubstring("nothing left after `tstats` (371 input row(s) examined)"))
		Expect(strings.Count(stdout, "nearest: input row")).To(Equal(3))
		Expect(stdout).To(ContainSubstring(`- Processes.process_name=certutil.exe: Processes.process_name is "`))
		Expect(stdout).To(ContainSubstring(`", want certutil.exe`))
	})

	It("reads a Windows event log given without --source/--sourcetype as the Windows input labels it, and says so", func() {
		code, stdout, stderr := cli("explain", "--content", shared("corpus", "security_content"),
			"detections/endpoint/certutil_exe_certificate_extraction.yml", "--data", hhEVTX)
		Expect(code).To(Equal(exitOK), stderr)
		Expect(stderr).To(ContainSubstring("read with source XmlWinEventLog:<Channel>, sourcetype XmlWinEventLog"))
		// the same verdict and counts as with the labels given
		Expect(stdout).To(MatchRegexp(`✗ tstats\s+371 → 0 `))

		code, _, stderr = cli("explain", "--content", shared("corpus", "security_content"),
			"detections/endpoint/certutil_exe_certificate_extraction.yml", "--data", filepath.Join("..", "..", "..", "README.md"))
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("--data needs --source and --sourcetype"))
	})

	It("runs the detection's own tests by default: the true positive fires, the negative is explained", func() {
		root := embeddedCopy()
		code, stdout, stderr := cli("explain", filepath.Join(root, "detections", "endpoint", "windows_whoami_privilege_and_group_discovery.yml"))
		Expect(code).To(Equal(exitOK), stderr)
		Expect(stdout).To(ContainSubstring("True Positive Test\n  fires: 3 result(s)"))
		Expect(stdout).To(ContainSubstring("Negative Test - plain whoami and look-alikes\n  does not fire:"))
		Expect(stdout).To(ContainSubstring("nearest: input row"))
		Expect(stdout).To(ContainSubstring("verdict: pass — no result, as expected"))
	})

	It("says why a test that fires still fails, with the rows", func() {
		root := embeddedCopy()
		detection := filepath.Join(root, "detections", "endpoint", "windows_whoami_privilege_and_group_discovery.yml")
		data, err := os.ReadFile(detection)
		Expect(err).NotTo(HaveOccurred())
		Expect(os.WriteFile(detection, []byte(strings.Replace(string(data), "expected_results: 3", "expected_results: 2", 1)), 0o644)).To(Succeed())
		code, stdout, stderr := cli("explain", detection)
		Expect(code).To(Equal(exitOK), stderr)
		Expect(stdout).To(MatchRegexp(`True Positive Test\n  fires: 3 result\(s\)\n(.*\n)*  verdict: fail — expected exactly 2 result\(s\), got 3\n  dest +user `))
	})

	It("writes JSON with the explanation", func() {
		code, stdout, stderr := cli("explain", "--format", "json", "--content", shared("corpus", "security_content"),
			"detections/endpoint/certutil_exe_certificate_extraction.yml",
			"--data", hhEVTX, "--source", "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "--sourcetype", "xmlwineventlog")
		Expect(code).To(Equal(exitOK), stderr)
		var out []struct {
			Status      string
			Explanation struct {
				Blocked struct {
					Considered int
					Nearest    []struct {
						Failed []struct{ Field, Kind string }
					}
				}
			}
		}
		Expect(json.Unmarshal([]byte(stdout), &out)).To(Succeed())
		Expect(out).To(HaveLen(1))
		Expect(out[0].Status).To(Equal("fail"))
		Expect(out[0].Explanation.Blocked.Considered).To(Equal(371))
		Expect(out[0].Explanation.Blocked.Nearest[0].Failed[0].Field).To(Equal("Processes.process_name"))
	})

	DescribeTable("usage errors",
		func(args ...string) {
			code, _, stderr := cli(append([]string{"explain"}, args...)...)
			Expect(code).To(Equal(exitUsage))
			Expect(stderr).NotTo(BeEmpty())
		},
		Entry("no detection"),
		Entry("--data without source", "x.yml", "--data", "d.evtx"),
		Entry("--source without data", "x.yml", "--source", "s", "--sourcetype", "t"),
		Entry("unknown format", "x.yml", "--format", "yaml"),
	)
})

var _ = Describe("a failing test's explanation in the JSON report", func() {
	It("is written and matches schemas/report.schema.json", func() {
		root := embeddedCopy()
		data := filepath.Join(root, "datasets", "sysmon", "certutil_urlcache.xml")
		raw, err := os.ReadFile(data)
		Expect(err).NotTo(HaveOccurred())
		Expect(os.WriteFile(data, []byte(strings.ReplaceAll(string(raw), "-urlcache", "-verifyctl")), 0o644)).To(Succeed())
		report := filepath.Join(GinkgoT().TempDir(), "report.json")
		code, stdout, _ := cli("test", "--content", root, "--report", "json="+report,
			filepath.Join(root, "detections", "endpoint", "certutil_url_cache_file_download.yml"))
		Expect(code).To(Equal(exitFailed), stdout)
		Expect(stdout).To(ContainSubstring("nearest of"))

		doc, err := os.ReadFile(report)
		Expect(err).NotTo(HaveOccurred())
		schema, err := dactest.Schemas.ReadFile("schemas/report.schema.json")
		Expect(err).NotTo(HaveOccurred())
		res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(doc))
		Expect(err).NotTo(HaveOccurred())
		Expect(res.Errors()).To(BeEmpty())
		Expect(string(doc)).To(ContainSubstring(`"want": "*urlcache*"`))
	})
})

var _ = Describe("dactest explain on a broken detection", func() {
	It("exits 1 and says the search does not compile", func() {
		root := embeddedCopy()
		file := filepath.Join(root, "detections", "endpoint", "windows_whoami_privilege_and_group_discovery.yml")
		raw, err := os.ReadFile(file)
		Expect(err).NotTo(HaveOccurred())
		Expect(os.WriteFile(file, []byte(strings.Replace(string(raw), "| tstats", "| tstats | where (", 1)), 0o644)).To(Succeed())
		code, stdout, _ := cli("explain", file)
		Expect(code).To(Equal(exitFailed), stdout)
		Expect(stdout).To(ContainSubstring("cannot run: search does not compile"))
	})
})
