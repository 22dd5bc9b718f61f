package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/xeipuuv/gojsonschema"

	"github.com/dactest/dactest"
)

// shardReports runs the args as n shards and returns their JSON reports.
func shardReports(dir string, n int, args ...string) []string {
	var parts []string
	for k := 1; k <= n; k++ {
		part := filepath.Join(dir, fmt.Sprintf("shard%d.json", k))
		cli(append(args, "--shard", fmt.Sprintf("%d/%d", k, n), "--report", "json="+part, "--quiet")...)
		parts = append(parts, part)
	}
	return parts
}

func readJSON(path string, into any) {
	data, err := os.ReadFile(path)
	Expect(err).NotTo(HaveOccurred())
	Expect(json.Unmarshal(data, into)).To(Succeed())
}

var _ = Describe("dactest merge tells shards of one run from other reports", func() {
	var dir string
	var parts []string
	BeforeEach(func() {
		dir = GinkgoT().TempDir()
		parts = shardReports(dir, 3, "test")
	})

	It("records the shard K/N and the run's content id, valid against the report schema", func() {
		var doc struct {
			Run struct {
				ContentID    string `json:"content_id"`
				PlannedTests int    `json:"planned_tests"`
				Shard        struct{ K, N int }
			}
		}
		readJSON(parts[1], &doc)
		Expect(doc.Run.ContentID).To(MatchRegexp(`^sha256:[0-9a-f]{64}$`))
		Expect(doc.Run.PlannedTests).To(Equal(12))
		Expect(doc.Run.Shard.K).To(Equal(2))
		Expect(doc.Run.Shard.N).To(Equal(3))
		schema, err := dactest.Schemas.ReadFile("schemas/report.schema.json")
		Expect(err).NotTo(HaveOccurred())
		data, err := os.ReadFile(parts[1])
		Expect(err).NotTo(HaveOccurred())
		res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(data))
		Expect(err).NotTo(HaveOccurred())
		Expect(res.Errors()).To(BeEmpty())
	})

	It("refuses a set with a shard missing, naming it, and writes nothing", func() {
		out := filepath.Join(dir, "out.json")
		code, _, stderr := cli("merge", out, parts[0], parts[2])
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("shard(s) 2 of 3 missing"))
		Expect(stderr).To(ContainSubstring("--allow-partial"))
		Expect(out).NotTo(BeAnExistingFile())
	})

	It("merges a set with a shard missing under --allow-partial, marked partial, never exit 0", func() {
		out := filepath.Join(dir, "out.json")
		code, stdout, _ := cli("merge", "--allow-partial", out, parts[0], parts[2])
		Expect(code).To(Equal(exitIncomplete))
		Expect(stdout).To(ContainSubstring("PARTIAL: shard(s) 2 missing"))
		var doc struct {
			Summary struct {
				Total   int
				Partial bool
			}
			Run struct {
				MissingShards []int `json:"missing_shards"`
			}
		}
		readJSON(out, &doc)
		Expect(doc.Summary.Partial).To(BeTrue())
		Expect(doc.Run.MissingShards).To(Equal([]int{2}))
		Expect(doc.Summary.Total).To(BeNumerically("<", 12))
	})

	It("never writes over a shard's report: `merge --allow-partial shard*.json` puts shard 1 in the OUT place", func() {
		before, err := os.ReadFile(parts[0])
		Expect(err).NotTo(HaveOccurred())
		code, _, stderr := cli("merge", "--allow-partial", parts[0], parts[1], parts[2])
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("is shard 1/3's own report and would be overwritten"))
		Expect(os.ReadFile(parts[0])).To(Equal(before))

		code, _, stderr = cli("merge", "--report", "json="+parts[2], parts[0], parts[1], parts[2])
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("would write over one of the input reports"))
	})

	It("says OUT.json and --report are two forms when both are given", func() {
		code, _, stderr := cli("merge", filepath.Join(dir, "new.json"), "--report", "json="+filepath.Join(dir, "m.json"), parts[0], parts[1], parts[2])
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("OUT.json is for the form without --report"))
	})

	It("refuses the same shard twice", func() {
		code, _, stderr := cli("merge", filepath.Join(dir, "out.json"), parts[0], parts[1], parts[1], parts[2])
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("are both shard 2/3"))
	})

	It("refuses shards of a different selection of the same content", func() {
		other := shardReports(GinkgoT().TempDir(), 3, "test", "--filter", "type=TTP")
		code, _, stderr := cli("merge", filepath.Join(dir, "out.json"), parts[0], parts[1], other[2])
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("come from different runs"))
	})

	It("refuses a report without a content id", func() {
		var doc map[string]any
		readJSON(parts[0], &doc)
		delete(doc, "run")
		data, err := json.Marshal(doc)
		Expect(err).NotTo(HaveOccurred())
		old := filepath.Join(dir, "old.json")
		Expect(os.WriteFile(old, data, 0o644)).To(Succeed())
		code, _, stderr := cli("merge", filepath.Join(dir, "out.json"), old)
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("no run identity"))
	})
})

var _ = Describe("dactest merge keeps each detection's ATT&CK ids, type and status", Ordered, func() {
	var out map[string][]byte
	BeforeAll(func() {
		dir := GinkgoT().TempDir()
		parts := shardReports(dir, 2, "test", "--manifest", failingManifest(dir))
		args := []string{"merge"}
		formats := []string{"junit", "navigator", "html", "markdown", "sarif", "summary"}
		for _, f := range formats {
			args = append(args, "--report", f+"="+filepath.Join(dir, f))
		}
		code, _, stderr := cli(append(args, parts...)...)
		Expect(code).To(Equal(exitFailed), stderr)
		out = map[string][]byte{}
		for _, f := range formats {
			data, err := os.ReadFile(filepath.Join(dir, f))
			Expect(err).NotTo(HaveOccurred())
			out[f] = data
		}
	})

	It("in JUnit properties", func() {
		props := junitSuiteProps(out["junit"])
		Expect(props).To(HaveLen(2))
		Expect(props[1]).To(ContainElement(And(HaveField("Name", "mitre_attack_id"), HaveField("Value", "T1003.001"))))
		Expect(props[1]).To(ContainElement(And(HaveField("Name", "detection_type"), HaveField("Value", "TTP"))))
		Expect(props[1]).To(ContainElement(And(HaveField("Name", "detection_status"), HaveField("Value", "production"))))
	})

	It("in the Navigator layer", func() {
		var layer struct {
			Techniques []struct{ TechniqueID string }
		}
		Expect(json.Unmarshal(out["navigator"], &layer)).To(Succeed())
		Expect(layer.Techniques).To(ConsistOf(HaveField("TechniqueID", "T1003"), HaveField("TechniqueID", "T1003.001")))
	})

	It("in HTML and Markdown", func() {
		Expect(string(out["html"])).To(ContainSubstring("T1003.001"))
		Expect(string(out["markdown"])).To(ContainSubstring("| T1003 T1003.001 |"))
		Expect(string(out["markdown"])).To(ContainSubstring("· TTP, production"))
	})

	It("in summary.yml, with each detection's search, which the shards' JSON holds once per file", func() {
		Expect(string(out["summary"])).To(MatchRegexp(`search: .*tstats .security_content_summariesonly. count`))
	})

	It("in SARIF, at the detection's search line with type and status tags", func() {
		var log struct {
			Runs []struct {
				Results []struct {
					Properties struct{ Tags []string }
					Locations  []struct {
						PhysicalLocation struct{ Region struct{ StartLine int } }
					}
				}
			}
		}
		Expect(json.Unmarshal(out["sarif"], &log)).To(Succeed())
		Expect(log.Runs[0].Results).To(HaveLen(1))
		r := log.Runs[0].Results[0]
		Expect(r.Properties.Tags).To(ConsistOf("type:TTP", "status:production"))
		Expect(r.Locations[0].PhysicalLocation.Region.StartLine).To(BeNumerically(">", 1))
	})

	It("in summary.yml", func() {
		Expect(string(out["summary"])).To(ContainSubstring("production_status: production"))
		Expect(string(out["summary"])).To(ContainSubstring("type: TTP"))
	})
})
