package runner_test

import (
	"context"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

// knownGaps are real cases the product cannot yet judge, with the reason;
// they run as pending specs so the gap stays visible in every test run.
var knownGaps = map[string]string{
	"remote-failed-auth-on-local-bruteforce-4625":   "engine: command bucket not supported yet (issue 4)",
	"service-suspicious-path-system-7045":           "ingest: no Windows System 7045 add-on yet (issue 7)",
	"driver-nonstandard-path-system-7045":           "ingest: no Windows System 7045 add-on yet (issue 7)",
	"malicious-powershell-service-on-tchopper-7045": "engine: command regex not supported yet (issue 4)",
}

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
				if reason, gap := knownGaps[id]; gap {
					PIt(id+" (known gap: "+reason+")", func() {})
					continue
				}
				It(id+" gives its expected verdict", func() {
					r := results[id]
					Expect(r.Status).To(Equal(runner.Pass), "%s: %s", r.Status, r.Message)
				})
			}
		})
	}
})
