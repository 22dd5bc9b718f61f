package main

import (
	"fmt"
	dactest "github.com/dactest/dactest"
	"github.com/xeipuuv/gojsonschema"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("dactest test validates what it tests", func() {
	breakMitreID := func() string {
		dir := embeddedCopy()
		path := filepath.Join(dir, certutilDetection)
		data, err := os.ReadFile(path)
		Expect(err).NotTo(HaveOccurred())
		Expect(os.WriteFile(path, []byte(strings.Replace(string(data), "- T1105", "- T1105.1", 1)), 0o644)).To(Succeed())
		return dir
	}

	It("prints a tested detection's validation errors and exits 1 though its tests pass, as contentctl would not build it", func() {
		dir := breakMitreID()
		code, stdout, stderr := cli("test", "--content", dir)
		Expect(stdout).To(ContainSubstring("12 passed"))
		Expect(code).To(Equal(exitFailed))
		Expect(stdout).To(MatchRegexp(`certutil_url_cache_file_download\.yml:\d+:\d+: mitre-id-format: `))
		// the file as the run names it (content dir included once), so it can be opened
		Expect(stdout).To(MatchRegexp(`(?m)^INVALID +` + regexp.QuoteMeta(filepath.Join(dir, certutilDetection)) + `:\d+:\d+: `))
		Expect(stderr).To(ContainSubstring("1 validation error(s) in the tested detections and the files they use"))
	})

	It("puts the errors in every report, and a merge of shards keeps them and fails", func() {
		dir := breakMitreID()
		out := GinkgoT().TempDir()
		rep := func(f string) string { return filepath.Join(out, f) }
		code, _, stderr := cli("test", "--content", dir, "--quiet", "--report", "json="+rep("a.json"), "--report", "junit="+rep("a.xml"),
			"--report", "sarif="+rep("a.sarif"), "--report", "markdown="+rep("a.md"), "--report", "html="+rep("a.html"), "--report", "summary="+rep("a.yml"))
		Expect(code).To(Equal(exitFailed), stderr)
		read := func(f string) string {
			b, err := os.ReadFile(rep(f))
			Expect(err).NotTo(HaveOccurred())
			return string(b)
		}
		Expect(read("a.json")).To(ContainSubstring(`"validation_errors": 1`))
		Expect(read("a.json")).To(ContainSubstring(`"check": "mitre-id-format"`))
		schema, err := dactest.Schemas.ReadFile("schemas/report.schema.json")
		Expect(err).NotTo(HaveOccurred())
		res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewStringLoader(read("a.json")))
		Expect(err).NotTo(HaveOccurred())
		Expect(res.Errors()).To(BeEmpty())
		Expect(read("a.xml")).To(MatchRegexp(`<testsuites [^>]*failures="1"`))
		Expect(read("a.xml")).To(ContainSubstring(`type="mitre-id-format"`))
		Expect(read("a.sarif")).To(ContainSubstring(`"ruleId": "dactest/validation-error"`))
		Expect(read("a.md")).To(HavePrefix("## dactest: ❌ failed"))
		Expect(read("a.md")).To(ContainSubstring("mitre-id-format"))
		Expect(read("a.html")).To(ContainSubstring("1 validation error(s)"))
		Expect(read("a.yml")).To(MatchRegexp(`(?m)^  success: false$`))

		// the broken detection lands in one shard only: that shard fails,
		// the other passes, and the merge fails as the whole run does
		codes := map[int]int{}
		var parts []string
		for k := 1; k <= 2; k++ {
			part := rep(fmt.Sprintf("shard%d.json", k))
			codes[k], _, _ = cli("test", "--content", dir, "--quiet", "--shard", fmt.Sprintf("%d/2", k), "--report", "json="+part)
			parts = append(parts, part)
		}
		Expect([]int{codes[1], codes[2]}).To(ConsistOf(exitOK, exitFailed))
		code, stdout, stderr := cli(append([]string{"merge", rep("merged.json")}, parts...)...)
		Expect(code).To(Equal(exitFailed), stderr)
		Expect(stdout).To(MatchRegexp(`(?m)^INVALID +.*certutil_url_cache_file_download\.yml:\d+:\d+: mitre-id-format: `))
		b, err := os.ReadFile(rep("merged.json"))
		Expect(err).NotTo(HaveOccurred())
		Expect(string(b)).To(ContainSubstring(`"validation_errors": 1`))

		// a shard run with --no-validate would drop the other shard's errors
		nv := rep("nv2.json")
		cli("test", "--content", dir, "--quiet", "--no-validate", "--shard", "2/2", "--report", "json="+nv)
		code, _, stderr = cli("merge", rep("mixed.json"), parts[0], nv)
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("differ in --no-validate"))
	})

	It("names a broken tested file once (FAIL and INVALID on stdout) and only counts broken files it does not test", func() {
		dir := embeddedCopy()
		whoami := filepath.Join(dir, "detections/endpoint/windows_whoami_privilege_and_group_discovery.yml")
		Expect(os.WriteFile(whoami, []byte("name: W\n  bad: [unclosed\n"), 0o644)).To(Succeed())
		code, stdout, stderr := cli("test", "--content", dir, "--quiet")
		Expect(code).To(Equal(exitFailed))
		Expect(stdout).To(MatchRegexp(`(?m)^FAIL .*\(load\)`))
		Expect(stdout).To(MatchRegexp(`(?m)^INVALID .*windows_whoami_privilege_and_group_discovery\.yml:2:\d+: yaml-syntax`))
		Expect(stderr).NotTo(ContainSubstring("yaml-syntax"))

		// a file filter finds the broken file by its path in the tree, and
		// its SARIF result points at the load error, not at line 1
		out := GinkgoT().TempDir()
		sarif, report, merged := filepath.Join(out, "r.sarif"), filepath.Join(out, "r.json"), filepath.Join(out, "m.sarif")
		code, stdout, _ = cli("test", "--content", dir, "--quiet", "--filter", "file=detections/endpoint/windows_whoami*", "--report", "sarif="+sarif, "--report", "json="+report)
		Expect(code).To(Equal(exitFailed))
		Expect(stdout).To(ContainSubstring("1 tests: 0 passed, 1 failed"))
		// the JSON report keeps the position, so a merge's SARIF has it too
		code, _, _ = cli("merge", "--report", "sarif="+merged, report)
		Expect(code).To(Equal(exitFailed))
		for _, f := range []string{sarif, merged} {
			b, err := os.ReadFile(f)
			Expect(err).NotTo(HaveOccurred())
			Expect(string(b)).To(ContainSubstring(`"startLine": 2,`), f)
			Expect(string(b)).NotTo(ContainSubstring(`"startLine": 1,`), f)
		}

		code, _, stderr = cli("test", "--content", dir, "--quiet", filepath.Join(dir, certutilDetection))
		Expect(code).To(Equal(exitOK), stderr)
		Expect(stderr).To(ContainSubstring("1 file(s) of " + dir + " that this run does not test have load errors"))
		Expect(stderr).NotTo(ContainSubstring("yaml-syntax"))

		// with --no-validate the tested broken file is the FAIL, not counted again
		_, _, stderr = cli("test", "--content", dir, "--quiet", "--no-validate")
		Expect(stderr).NotTo(ContainSubstring("load errors"))
	})

	It("leaves out detections the run does not test, and --no-validate skips the checks", func() {
		dir := breakMitreID()
		code, _, stderr := cli("test", "--content", dir, filepath.Join(dir, "detections/endpoint/windows_whoami_privilege_and_group_discovery.yml"))
		Expect(code).To(Equal(exitOK), stderr)
		code, _, stderr = cli("test", "--content", dir, "--no-validate")
		Expect(code).To(Equal(exitOK), stderr)
		Expect(stderr).NotTo(ContainSubstring("validation error"))
	})

	It("counts a file a tested detection uses that does not load, named for the macro its search calls", func() {
		dir := embeddedCopy()
		// a filter macro a search calls may be absent (contentctl makes an
		// empty one), so only the file's name ties it to the detection
		broken := filepath.Join(dir, "macros", "certutil_url_cache_file_download_filter.yml")
		Expect(os.WriteFile(broken, []byte("name: certutil_url_cache_file_download_filter\ndefinition: [unclosed\n"), 0o644)).To(Succeed())
		code, stdout, stderr := cli("test", "--content", dir, filepath.Join(dir, certutilDetection))
		Expect(code).To(Equal(exitFailed), stderr)
		Expect(stdout).To(MatchRegexp(`certutil_url_cache_file_download_filter\.yml:\d+:\d+: yaml-syntax: `))
		Expect(stderr).To(ContainSubstring("1 validation error(s) in the tested detections and the files they use"))

		code, _, stderr = cli("test", "--content", dir, filepath.Join(dir, "detections/endpoint/windows_whoami_privilege_and_group_discovery.yml"))
		Expect(code).To(Equal(exitOK), stderr) // whoami does not call that filter
	})

	It("counts a broken CSV of a lookup a tested detection uses", func() {
		dir := embeddedCopy()
		Expect(os.MkdirAll(filepath.Join(dir, "lookups"), 0o755)).To(Succeed())
		Expect(os.WriteFile(filepath.Join(dir, "lookups", "tools.yml"), []byte("name: tools\nfilename: tools.csv\ndescription: known tools\n"), 0o644)).To(Succeed())
		Expect(os.WriteFile(filepath.Join(dir, "lookups", "tools.csv"), []byte("process_name,note\ncertutil.exe,lolbin\nbad,row,extra\n"), 0o644)).To(Succeed())
		path := filepath.Join(dir, certutilDetection)
		data, err := os.ReadFile(path)
		Expect(err).NotTo(HaveOccurred())
		uses := strings.Replace(string(data), "| `certutil_url_cache_file_download_filter`", "| lookup tools process_name OUTPUT note | `certutil_url_cache_file_download_filter`", 1)
		Expect(uses).NotTo(Equal(string(data)))
		Expect(os.WriteFile(path, []byte(uses), 0o644)).To(Succeed())
		code, stdout, stderr := cli("test", "--content", dir, path)
		Expect(code).To(Equal(exitFailed), stderr)
		Expect(stdout).To(MatchRegexp(`tools\.csv:\d+:\d+: lookup-csv: `))
	})
})
