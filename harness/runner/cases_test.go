package runner_test

import (
	"context"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

// runManifest runs every case of a manifest once and indexes the verdicts.
func runManifest(name string) map[string]runner.TestResult {
	m, err := content.LoadManifest(filepath.Join(sharedDir(), "cases", name))
	Expect(err).NotTo(HaveOccurred())
	opts, err := runner.DefaultOptions()
	Expect(err).NotTo(HaveOccurred())
	rep := runner.Run(context.Background(), runner.PlanManifest(m, runner.NewContentLoader()), opts)
	byID := map[string]runner.TestResult{}
	for _, r := range rep.Results {
		byID[r.CaseID] = r
	}
	Expect(byID).To(HaveLen(len(m.Cases)))
	return byID
}

// caseIDs reads a manifest's case ids while the spec tree is built.
func caseIDs(name string) []string {
	m, err := content.LoadManifest(filepath.Join(sharedDir(), "cases", name))
	if err != nil {
		panic(err)
	}
	var ids []string
	for _, c := range m.Cases {
		ids = append(ids, c.ID)
	}
	return ids
}

var _ = Describe("real detections replayed against real attack data", func() {
	for _, manifest := range []string{"real-detections.yml", "real-detections-wide.yml"} {
		Context(manifest, Ordered, func() {
			var results map[string]runner.TestResult
			BeforeAll(func() { results = runManifest(manifest) })
			for _, id := range caseIDs(manifest) {
				It(id+" gives its expected verdict", func() {
					r := results[id]
					Expect(r.Status).To(Equal(runner.Pass), "%s: %s", r.Status, r.Message)
				})
			}
		})
	}
})
