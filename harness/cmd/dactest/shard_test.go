package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// embeddedTemp is the per-run folder the embedded content's datasets are
// written to; runs differ only in its name.
var embeddedTemp = regexp.MustCompile(`dactest-embedded-\d+`)

// normalizedTests reads a JSON report's tests without their timings,
// sorted, so two runs' results compare as sets.
func normalizedTests(path string) []string {
	data, err := os.ReadFile(path)
	Expect(err).NotTo(HaveOccurred())
	var doc struct{ Tests []map[string]any }
	Expect(json.Unmarshal(data, &doc)).To(Succeed())
	var out []string
	for _, t := range doc.Tests {
		delete(t, "duration_ms")
		b, err := json.Marshal(t) // map keys marshal sorted
		Expect(err).NotTo(HaveOccurred())
		out = append(out, embeddedTemp.ReplaceAllString(string(b), "dactest-embedded"))
	}
	sort.Strings(out)
	return out
}

// shardedThenMerged runs the args as N shards and merges their reports;
// it returns the merged report's path and the merge's exit code.
func shardedThenMerged(n int, args ...string) (string, int, []int) {
	dir := GinkgoT().TempDir()
	mergeArgs := []string{"merge", filepath.Join(dir, "merged.json")}
	var sizes []int
	for k := 1; k <= n; k++ {
		part := filepath.Join(dir, fmt.Sprintf("shard%d.json", k))
		cli(append(args, "--shard", fmt.Sprintf("%d/%d", k, n), "--report", "json="+part, "--quiet")...)
		sizes = append(sizes, len(normalizedTests(part)))
		mergeArgs = append(mergeArgs, part)
	}
	code, stdout, stderr := cli(mergeArgs...)
	Expect(stderr).To(BeEmpty(), stdout)
	return mergeArgs[1], code, sizes
}

var _ = Describe("dactest test --shard K/N and dactest merge", func() {
	runs := map[string][]string{
		"the embedded content": {"test"},
		"the real manifests": {"test", "--manifest", shared("cases", "real-detections.yml"),
			"--manifest", shared("cases", "real-detections-wide.yml")},
	}
	for name, args := range runs {
		Context(name, Ordered, func() {
			var whole string
			var wholeCode int
			BeforeAll(func() {
				whole = filepath.Join(GinkgoT().TempDir(), "whole.json")
				wholeCode, _, _ = cli(append(args, "--report", "json="+whole, "--quiet")...)
				Expect(normalizedTests(whole)).NotTo(BeEmpty())
			})
			for n := 1; n <= 4; n++ {
				It(fmt.Sprintf("N=%d shards merged give the same results as one run", n), func() {
					merged, code, sizes := shardedThenMerged(n, args...)
					Expect(code).To(Equal(wholeCode))
					Expect(normalizedTests(merged)).To(Equal(normalizedTests(whole)))
					if n > 1 {
						for k, size := range sizes {
							Expect(size).To(BeNumerically("<", len(normalizedTests(whole))), "shard %d/%d holds everything", k+1, n)
						}
					}
				})
			}
		})
	}

	It("merge refuses overlapping shards and writes nothing", func() {
		dir := GinkgoT().TempDir()
		part := filepath.Join(dir, "p.json")
		cli("test", "--report", "json="+part, "--quiet")
		out := filepath.Join(dir, "out.json")
		code, _, stderr := cli("merge", out, part, part)
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("are both shard 1/1"))
		Expect(out).NotTo(BeAnExistingFile())
	})

	It("merge writes any report format from JSON reports", func() {
		dir := GinkgoT().TempDir()
		part := filepath.Join(dir, "p.json")
		cli("test", "--report", "json="+part, "--quiet")
		junit := filepath.Join(dir, "junit.xml")
		code, stdout, _ := cli("merge", "--report", "junit="+junit, part)
		Expect(code).To(Equal(exitOK), stdout)
		data, err := os.ReadFile(junit)
		Expect(err).NotTo(HaveOccurred())
		Expect(string(data)).To(ContainSubstring("<testsuites"))
		Expect(string(data)).To(ContainSubstring("Negative Test"))
	})

	DescribeTable("merge usage errors exit 2",
		func(args ...string) {
			code, _, stderr := cli(args...)
			Expect(code).To(Equal(exitUsage))
			Expect(stderr).NotTo(BeEmpty())
		},
		Entry("no inputs", "merge", "out.json"),
		Entry("nothing at all", "merge"),
		Entry("an input that does not exist", "merge", "out.json", "/nonexistent.json"),
		Entry("an input that is not a report", "merge", "out.json", "../../../go.mod"),
	)
})
