package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"gopkg.in/yaml.v3"
)

// A manifest with the certutil case twice: once as in ../shared/cases
// (fires, passes) and once with a wrong expectation (exactly 1 row where the
// data gives 11), so every report shows a pass and a failure with rows; and
// the procdump case, whose detection has ATT&CK ids (certutil's has none).
func failingManifest(dir string) string {
	rel, err := filepath.Rel(dir, shared("corpus"))
	Expect(err).NotTo(HaveOccurred())
	data := rel + "/attack_data/datasets/attack_techniques/T1552.004/certutil_exe_certificate_extraction/certutil_exe_certificate_extraction.raw"
	manifest := fmt.Sprintf(`cases:
- id: certutil-fires
  content: %[1]s/security_content
  detection: detections/endpoint/certutil_exe_certificate_extraction.yml
  data:
  - {path: %[2]s, source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", sourcetype: xmlwineventlog}
  expect: {fires: true}
- id: certutil-wrong-count
  content: %[1]s/security_content
  detection: detections/endpoint/certutil_exe_certificate_extraction.yml
  data:
  - {path: %[2]s, source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", sourcetype: xmlwineventlog}
  expect: {fires: true, results: 1}
- id: procdump-lsass
  content: %[1]s/security_content
  detection: detections/endpoint/dump_lsass_via_procdump.yml
  data:
  - {path: "%[1]s/attack_data/datasets/attack_techniques/T1003.001/atomic_red_team/procdump_t1003.001_capattack/Microsoft-Windows-Sysmon%%4Operational.evtx", source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", sourcetype: xmlwineventlog}
  expect: {fires: true}
`, rel, data)
	path := filepath.Join(dir, "manifest.yml")
	Expect(os.WriteFile(path, []byte(manifest), 0o644)).To(Succeed())
	return path
}

var _ = Describe("dactest test --report markdown|summary|html|navigator|junit", Ordered, func() {
	var code int
	var stderr string
	var out map[string][]byte

	BeforeAll(func() {
		dir := GinkgoT().TempDir()
		manifest := failingManifest(dir)
		formats := []string{"markdown", "summary", "html", "navigator", "junit"}
		args := []string{"test", "--manifest", manifest}
		for _, f := range formats {
			args = append(args, "--report", f+"="+filepath.Join(dir, f))
		}
		code, _, stderr = cli(args...)
		out = map[string][]byte{}
		for _, f := range formats {
			data, err := os.ReadFile(filepath.Join(dir, f))
			Expect(err).NotTo(HaveOccurred(), f)
			out[f] = data
		}
	})

	It("fails the run on the wrong count", func() {
		Expect(code).To(Equal(exitFailed), stderr)
	})

	It("writes a Markdown step summary with the failure and its rows first", func() {
		md := string(out["markdown"])
		Expect(md).To(HavePrefix("## dactest: ❌ failed"))
		Expect(md).To(ContainSubstring("| ❌ fail | 1 |"))
		Expect(md).To(ContainSubstring("| ✅ pass | 2 |"))
		Expect(md).To(ContainSubstring("#### ❌ Certutil exe certificate extraction — certutil-wrong-count"))
		Expect(md).To(ContainSubstring("First 5 of 11 result row(s):"))
		Expect(md).To(ContainSubstring("certutil.exe"))
	})

	It("writes contentctl's summary.yml with the detection failed", func() {
		var doc struct {
			Summary          map[string]any
			TestedDetections []struct {
				Name, Type, Status string
				ProductionStatus   string `yaml:"production_status"`
				Search             string
				Tests              []struct {
					Name, Status string
					ResultCount  string `yaml:"resultCount"`
				}
			} `yaml:"tested_detections"`
		}
		Expect(yaml.Unmarshal(out["summary"], &doc)).To(Succeed())
		Expect(doc.Summary).To(HaveKeyWithValue("success", false))
		Expect(doc.Summary).To(HaveKeyWithValue("total_fail", 1))
		Expect(doc.Summary).To(HaveKeyWithValue("total_pass", 1))
		Expect(doc.Summary).To(HaveKeyWithValue("total_production", 2))
		Expect(doc.TestedDetections).To(HaveLen(2))
		d := doc.TestedDetections[0]
		Expect(d.Status).To(Equal("fail"))
		Expect(d.Type).To(Equal("TTP"))
		Expect(d.ProductionStatus).To(Equal("production"))
		Expect(d.Search).To(ContainSubstring("certutil"))
		Expect(d.Tests).To(HaveLen(2))
		Expect(d.Tests[0].ResultCount).To(Equal("11"))
	})

	It("writes a self-contained HTML page with both tests and the rows", func() {
		page := string(out["html"])
		Expect(page).To(HavePrefix("<!DOCTYPE html>"))
		Expect(strings.Count(page, `<tbody id="t-`)).To(Equal(3))
		Expect(page).To(ContainSubstring(`data-status="fail"`))
		Expect(page).To(ContainSubstring("11 (expected 1)"))
		Expect(page).To(ContainSubstring("certutil.exe"))
		Expect(page).NotTo(MatchRegexp(`(src|href)=`))
	})

	It("writes a Navigator layer of procdump's techniques and names certutil as untagged", func() {
		var layer struct {
			Domain     string
			Versions   struct{ Layer string }
			Techniques []struct {
				TechniqueID string
				Score       int
				Color       string
			}
			Metadata []struct{ Name, Value string }
		}
		Expect(json.Unmarshal(out["navigator"], &layer)).To(Succeed())
		Expect(layer.Domain).To(Equal("enterprise-attack"))
		Expect(layer.Versions.Layer).To(Equal("4.5"))
		var ids []string
		for _, t := range layer.Techniques {
			ids = append(ids, t.TechniqueID)
			Expect(t.Score).To(Equal(100))
			Expect(t.Color).To(Equal("#8ec843"))
		}
		Expect(ids).To(Equal([]string{"T1003", "T1003.001"}))
		Expect(layer.Metadata).To(ConsistOf(HaveField("Value", "Certutil exe certificate extraction")))
	})

	It("writes JUnit with the detection's ATT&CK ids that junit-10.xsd accepts", func() {
		props := junitSuiteProps(out["junit"])
		Expect(props).To(HaveLen(2))
		Expect(props[1]).To(ContainElement(And(HaveField("Name", "mitre_attack_id"), HaveField("Value", "T1003.001"))))
		xmllint, err := exec.LookPath("xmllint")
		if err != nil {
			Skip("xmllint not installed (apt-get install libxml2-utils): XSD validation skipped")
		}
		path := filepath.Join(GinkgoT().TempDir(), "junit.xml")
		Expect(os.WriteFile(path, out["junit"], 0o644)).To(Succeed())
		res, err := exec.Command(xmllint, "--noout", "--schema", "../../report/testdata/junit-10.xsd", path).CombinedOutput()
		Expect(err).NotTo(HaveOccurred(), string(res))
	})

	It("names every format when one is unknown", func() {
		code, _, stderr := cli("test", "--report", "pdf=x.pdf")
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("known: html, json, junit, markdown, navigator, sarif, summary"))
	})
})

var _ = Describe("--report markdown=$GITHUB_STEP_SUMMARY", func() {
	It("appends to the step-summary file instead of replacing what the step wrote", func() {
		path := filepath.Join(GinkgoT().TempDir(), "step_summary")
		Expect(os.WriteFile(path, []byte("earlier output\n"), 0o644)).To(Succeed())
		GinkgoT().Setenv("GITHUB_STEP_SUMMARY", path)
		code, _, stderr := cli("test", "--report", "markdown="+path)
		Expect(code).To(Equal(exitOK), stderr)
		data, err := os.ReadFile(path)
		Expect(err).NotTo(HaveOccurred())
		Expect(string(data)).To(HavePrefix("earlier output\n## dactest: ✅ all tests passed"))

		other := filepath.Join(GinkgoT().TempDir(), "summary.md")
		Expect(os.WriteFile(other, []byte("stale\n"), 0o644)).To(Succeed())
		_, _, _ = cli("test", "--report", "markdown="+other)
		data, err = os.ReadFile(other)
		Expect(err).NotTo(HaveOccurred())
		Expect(string(data)).To(HavePrefix("## dactest:"), "any other path is replaced")
	})
})

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitSuiteProps reads each testsuite's properties from a JUnit report.
func junitSuiteProps(data []byte) [][]junitProp {
	var doc struct {
		Suites []struct {
			Props []junitProp `xml:"properties>property"`
		} `xml:"testsuite"`
	}
	Expect(xml.Unmarshal(data, &doc)).To(Succeed())
	var out [][]junitProp
	for _, s := range doc.Suites {
		out = append(out, s.Props)
	}
	return out
}
