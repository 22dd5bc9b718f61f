package main

import (
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
		Expect(stderr).To(MatchRegexp(`certutil_url_cache_file_download\.yml:\d+:\d+: error mitre-id-format: `))
		// the file as the run names it (content dir included once), so it can be opened
		Expect(stderr).To(MatchRegexp(`(?m)^` + regexp.QuoteMeta(filepath.Join(dir, certutilDetection)) + `:\d+:\d+: error `))
		Expect(stderr).To(ContainSubstring("1 validation error(s) in the tested detections and the files they use"))
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
		code, _, stderr := cli("test", "--content", dir, filepath.Join(dir, certutilDetection))
		Expect(code).To(Equal(exitFailed), stderr)
		Expect(stderr).To(MatchRegexp(`certutil_url_cache_file_download_filter\.yml:\d+:\d+: error yaml-syntax: `))
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
		code, _, stderr := cli("test", "--content", dir, path)
		Expect(code).To(Equal(exitFailed), stderr)
		Expect(stderr).To(MatchRegexp(`tools\.csv:\d+:\d+: error lookup-csv: `))
	})
})
