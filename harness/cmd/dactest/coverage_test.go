package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("dactest coverage", func() {
	It("prints the production and all-active shares and a table of commands on the embedded content", func() {
		code, stdout, _ := cli("coverage")
		Expect(code).To(Equal(exitOK))
		Expect(stdout).To(MatchRegexp(`production: \d+ of \d+ detections run \(\d+\.\d%\)`))
		Expect(stdout).To(MatchRegexp(`(?m)^command\s+tstats\s+\d+\s+\d+\s+supported$`))
	})

	It("writes JSON with the shares, pieces and missing list", func() {
		code, stdout, _ := cli("coverage", "--format", "json")
		Expect(code).To(Equal(exitOK))
		var doc struct {
			All    struct{ Detections, Runnable int }
			Pieces []struct{ Kind, Name string }
		}
		Expect(json.Unmarshal([]byte(stdout), &doc)).To(Succeed())
		Expect(doc.All.Detections).To(BeNumerically(">", 0))
		Expect(doc.Pieces).NotTo(BeEmpty())
	})

	It("calls a macro no file defines the content's gap, not the engine's", func() {
		dir := embeddedCopy()
		path := filepath.Join(dir, certutilDetection)
		data, err := os.ReadFile(path)
		Expect(err).NotTo(HaveOccurred())
		Expect(os.WriteFile(path, []byte(strings.Replace(string(data), "| `certutil_url_cache_file_download_filter`", "| `get_asset(dest)` | `certutil_url_cache_file_download_filter`", 1)), 0o644)).To(Succeed())
		code, stdout, _ := cli("coverage", "--content", dir)
		Expect(code).To(Equal(exitOK))
		Expect(stdout).To(ContainSubstring("macro: undefined macro `get_asset(1)` — no macros/ file defines it"))
	})

	It("rejects an unknown format", func() {
		code, _, stderr := cli("coverage", "--format", "xml")
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring("--format text|json"))
	})
})
