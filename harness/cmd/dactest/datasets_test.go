package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("dactest datasets validate", func() {
	It("checks the corpus descriptors: both forms pass the schema, missing data files are errors, missing sources warnings", func() {
		dir := shared("corpus", "attack_data", "datasets")
		code, out, errOut := cli("datasets", "validate", "--format", "json", dir)
		Expect(code).To(Equal(exitFailed), errOut)
		var fs []struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Check    string `json:"check"`
		}
		Expect(json.Unmarshal([]byte(out), &fs)).To(Succeed(), out)
		var got []string
		for _, f := range fs {
			rel, _ := filepath.Rel(dir, f.File)
			got = append(got, fmt.Sprintf("%s:%d:%d %s %s", rel, f.Line, f.Col, f.Severity, f.Check))
		}
		// the atomic_red_team descriptors name .log files this corpus does
		// not hold (the folders have only an attack_data.tar.gz with a
		// text file); the old certutil descriptor has no source and labels
		// its XmlWinEventLog capture aws:cloudtrail
		const art = "attack_techniques/%s/atomic_red_team/atomic_red_team.yml:%d:9 error dataset-file"
		Expect(got).To(Equal([]string{
			fmt.Sprintf(art, "T1027", 14),
			fmt.Sprintf(art, "T1047", 16), fmt.Sprintf(art, "T1047", 20), fmt.Sprintf(art, "T1047", 24),
			fmt.Sprintf(art, "T1053.005", 14), fmt.Sprintf(art, "T1053.005", 18), fmt.Sprintf(art, "T1053.005", 22),
			"attack_techniques/T1552.004/certutil_exe_certificate_extraction/certutil_exe_certificate_extraction_old.yml:9:3 warning dataset-source",
			"attack_techniques/T1552.004/certutil_exe_certificate_extraction/certutil_exe_certificate_extraction_old.yml:9:3 warning dataset-sourcetype",
		}))
	})

	It("reports schema errors compiler-style and exits 1", func() {
		dir := GinkgoT().TempDir()
		file := filepath.Join(dir, "bad.yml")
		Expect(os.WriteFile(file, []byte("author: a\nid: 0e2ba7ae-2a52-4d4c-9a58-8cd1b1b7cc4b\ndate: 2026-12-01\ndescription: d\nenvironment: e\ndatasets:\n- name: a\n  path: /datasets/a.log\n  source: S\n  sourcetyp: ST\n"), 0o644)).To(Succeed())
		code, out, _ := cli("datasets", "validate", dir)
		Expect(code).To(Equal(exitFailed))
		Expect(out).To(ContainSubstring(file + `:10:3: error dataset-schema: unknown key "sourcetyp" in datasets.0 (did you mean "sourcetype"?)`))
		Expect(out).To(ContainSubstring(file + `:7:3: error dataset-schema: missing required key "sourcetype" in datasets.0`))
		Expect(out).To(ContainSubstring("1 descriptor(s) checked"))
		Expect(out).NotTo(ContainSubstring("date")) // an unquoted YAML date is still the date as written
	})

	It("is an error, not a pass, for a folder without descriptors", func() {
		dir := GinkgoT().TempDir()
		Expect(os.WriteFile(filepath.Join(dir, "data.log"), []byte("x\n"), 0o644)).To(Succeed())
		code, out, _ := cli("datasets", "validate", dir)
		Expect(code).To(Equal(exitFailed))
		Expect(out).To(ContainSubstring(dir + ": error dataset-none: no dataset descriptors (*.yml, *.yaml) found"))
		Expect(out).To(ContainSubstring("0 descriptor(s) checked"))
	})

	It("is an error when a descriptor's data file is missing", func() {
		dir := GinkgoT().TempDir()
		Expect(os.WriteFile(filepath.Join(dir, "d.yml"), []byte("author: a\nid: 0e2ba7ae-2a52-4d4c-9a58-8cd1b1b7cc4b\ndate: '2026-12-01'\ndescription: d\nenvironment: e\ndatasets:\n- name: a\n  path: /datasets/gone.log\n  source: S\n  sourcetype: ST\n"), 0o644)).To(Succeed())
		code, out, _ := cli("datasets", "validate", dir)
		Expect(code).To(Equal(exitFailed))
		Expect(out).To(MatchRegexp(`d\.yml:8:9: error dataset-file: data file /datasets/gone.log not found`))
	})

	It("needs a subcommand", func() {
		code, _, errOut := cli("datasets")
		Expect(code).To(Equal(exitUsage))
		Expect(errOut).To(ContainSubstring("Usage: dactest datasets validate"))
	})
})
