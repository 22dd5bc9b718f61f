package runner_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

// manifestCase is one case on the embedded content's whoami detection.
func manifestCase(id, results string) string {
	return `- id: ` + id + `
  content: .
  detection: detections/endpoint/windows_whoami_privilege_and_group_discovery.yml
  data:
  - {path: datasets/security/whoami_discovery.xml, source: "XmlWinEventLog:Security", sourcetype: XmlWinEventLog}
  expect: {fires: true, results: ` + results + `}
`
}

func writeManifest(dir string, cases ...string) string {
	path := filepath.Join(dir, "cases.yml")
	Expect(os.WriteFile(path, []byte("cases:\n"+strings.Join(cases, "")), 0o644)).To(Succeed())
	return path
}

// changedCases plans the manifest and lists the case ids --changed-since
// HEAD keeps.
func changedCases(path string) []string {
	m, err := content.LoadManifest(path)
	Expect(err).NotTo(HaveOccurred())
	jobs, err := runner.SelectChanged(runner.PlanManifest(m, runner.NewContentLoader()), "HEAD")
	Expect(err).NotTo(HaveOccurred())
	var ids []string
	for _, j := range jobs {
		ids = append(ids, j.CaseID)
	}
	sort.Strings(ids)
	return ids
}

var _ = Describe("--changed-since on a manifest", func() {
	var dir, path string
	BeforeEach(func() {
		dir = gitRepo()
		path = writeManifest(dir, manifestCase("a", "3"), manifestCase("b", "3"))
		run(dir, "add", "cases.yml")
		run(dir, "commit", "-q", "-m", "manifest")
	})

	It("selects no case when the manifest and what its cases use are unchanged", func() {
		Expect(changedCases(path)).To(BeEmpty())
	})

	It("selects a case whose entry changed, and only it", func() {
		writeManifest(dir, manifestCase("a", "3"), manifestCase("b", "4"))
		Expect(changedCases(path)).To(Equal([]string{"b"}))
	})

	It("selects a case added to the manifest", func() {
		writeManifest(dir, manifestCase("a", "3"), manifestCase("b", "3"), manifestCase("c", "3"))
		Expect(changedCases(path)).To(Equal([]string{"c"}))
	})

	It("does not count comments and formatting as a change", func() {
		writeManifest(dir, "# the whoami cases\n"+manifestCase("a", "3"), manifestCase("b", " 3"))
		Expect(changedCases(path)).To(BeEmpty())
	})

	It("selects every case of a manifest git did not have at the ref", func() {
		other := filepath.Join(dir, "more")
		Expect(os.Mkdir(other, 0o755)).To(Succeed())
		fresh := writeManifest(other, strings.ReplaceAll(manifestCase("x", "3"), "content: .", "content: .."),
			strings.ReplaceAll(manifestCase("y", "3"), "content: .", "content: .."))
		Expect(changedCases(fresh)).To(Equal([]string{"x", "y"}))
	})

	It("still selects cases whose detection changed", func() {
		appendTo(filepath.Join(dir, "detections/endpoint/windows_whoami_privilege_and_group_discovery.yml"), "# edited\n")
		Expect(changedCases(path)).To(Equal([]string{"a", "b"}))
	})
})
