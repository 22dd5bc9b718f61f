package runner_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dactest/dactest"
	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/explain"
	"github.com/dactest/dactest/harness/runner"
)

// xplRun runs jobs with the default options.
func xplRun(jobs []runner.Job) []runner.TestResult {
	opts, err := runner.DefaultOptions()
	Expect(err).NotTo(HaveOccurred())
	return runner.Run(context.Background(), jobs, opts).Results
}

// xplStages renders an explanation's stages as "command in→out".
func xplStages(x *explain.Explanation) []string {
	var out []string
	for _, s := range x.Stages {
		out = append(out, fmt.Sprintf("%s %d→%d", s.Command, s.In, s.Out))
	}
	return out
}

// xplEmbedded copies the embedded content to a folder and loads it there,
// so tests can point jobs at files beside it.
func xplEmbedded() (*content.Tree, string) {
	dir := GinkgoT().TempDir()
	Expect(os.CopyFS(dir, dactest.Content)).To(Succeed())
	c, err := runner.NewContentLoader().Dir(dir)
	Expect(err).NotTo(HaveOccurred())
	return c.Tree, dir
}

// failedFields lists "field: kind" for each failure of a near event.
func xplFailedFields(n explain.Near) []string {
	var out []string
	for _, f := range n.Failed {
		out = append(out, f.Field+": "+f.Kind)
	}
	return out
}

var _ = Describe("explain attached to failing tests", func() {
	It("certutil on the hh.exe EVTX: tstats drops all 371 events; the nearest fail on Processes.process_name", func() {
		m, err := content.LoadManifest(filepath.Join(sharedDir(), "cases", "real-detections.yml"))
		Expect(err).NotTo(HaveOccurred())
		var job runner.Job
		for _, j := range runner.PlanManifest(m, runner.NewContentLoader()) {
			if j.CaseID == "certutil-on-unrelated-data" {
				job = j
			}
		}
		Expect(job.Detection).NotTo(BeNil())
		job.Expect = runner.Expectation{Fires: true} // make the negative case a failing positive one
		r := xplRun([]runner.Job{job})[0]

		Expect(r.Status).To(Equal(runner.Fail))
		Expect(r.Message).To(HavePrefix("no result"))
		Expect(r.Message).To(ContainSubstring("nearest of 371 row(s) into `tstats` fails: Processes.process_name=certutil.exe: Processes.process_name is"))
		x := r.Explanation
		Expect(x).NotTo(BeNil())
		// 371 records: the sum of (last - first + 1) event record numbers
		// over the file's chunk headers, read with a few lines of Python.
		Expect(xplStages(x)).To(Equal([]string{"tstats 371→0", "rename 0→0", "convert 0→0", "convert 0→0", "search 0→0"}))
		Expect(x.Blocked.Stage).To(Equal(0))
		Expect(x.Blocked.Considered).To(Equal(371))
		Expect(x.Blocked.Nearest).To(HaveLen(explain.MaxNearest))
		for _, n := range x.Blocked.Nearest {
			Expect(xplFailedFields(n)).To(ContainElement("Processes.process_name: value differs"))
			Expect(n.Failed[0].Got).NotTo(ContainElement(Equal("certutil.exe")))
			Expect(n.Failed[0].Want).To(Equal("certutil.exe"))
		}
	})

	It("the project's certutil detection on its dataset with -urlcache rewritten: only Processes.process fails", func() {
		tree, dir := xplEmbedded()
		raw, err := os.ReadFile(filepath.Join(dir, "datasets", "sysmon", "certutil_urlcache.xml"))
		Expect(err).NotTo(HaveOccurred())
		mutated := filepath.Join(GinkgoT().TempDir(), "mutated.xml")
		Expect(os.WriteFile(mutated, []byte(strings.ReplaceAll(string(raw), "-urlcache", "-verifyctl")), 0o644)).To(Succeed())

		c := &runner.Content{Tree: tree, Dir: dir}
		jobs := runner.PlanContent(c, runner.Selection{Files: []string{"detections/endpoint/certutil_url_cache_file_download.yml"}}, "")
		Expect(jobs).NotTo(BeEmpty())
		job := jobs[0]
		job.Data = []runner.DataRef{{Path: mutated, Source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", Sourcetype: "XmlWinEventLog"}}
		r := xplRun([]runner.Job{job})[0]

		Expect(r.Status).To(Equal(runner.Fail))
		Expect(r.Explanation).NotTo(BeNil())
		b := r.Explanation.Blocked
		Expect(b.Command).To(Equal("tstats"))
		// Both certutil -urlcache runs (now -verifyctl) still name certutil and
		// carry -f/-split: the one condition left unmet is the urlcache one.
		Expect(b.Nearest[0].Failed).To(HaveLen(1))
		Expect(b.Nearest[1].Failed).To(HaveLen(1))
		f := b.Nearest[0].Failed[0]
		Expect(f.Field).To(Equal("Processes.process"))
		Expect(f.Kind).To(Equal(explain.ValueDiffers))
		Expect(f.Want).To(Equal("*urlcache*"))
		Expect(f.Got[0]).To(ContainSubstring("-verifyctl"))
	})

	It("is not attached to passing tests", func() {
		tree, dir := xplEmbedded()
		for _, r := range xplRun(runner.PlanContent(&runner.Content{Tree: tree, Dir: dir}, runner.Selection{}, "")) {
			Expect(r.Status).To(Equal(runner.Pass), r.Message)
			Expect(r.Explanation).To(BeNil())
		}
	})
})
