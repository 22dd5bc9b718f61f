package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// smallTree copies content's valid test tree to a temp dir and applies
// edits (file -> old -> new).
func smallTree(edits ...[3]string) string {
	dir := GinkgoT().TempDir()
	Expect(os.CopyFS(dir, os.DirFS("../../content/testdata/tree"))).To(Succeed())
	for _, e := range edits {
		p := filepath.Join(dir, e[0])
		b, err := os.ReadFile(p)
		Expect(err).NotTo(HaveOccurred())
		Expect(string(b)).To(ContainSubstring(e[1]))
		Expect(os.WriteFile(p, []byte(strings.Replace(string(b), e[1], e[2], 1)), 0o644)).To(Succeed())
	}
	return dir
}

const detFile = "detections/endpoint/test_detection.yml"

// badType makes one error: type-enum at test_detection.yml:7:7.
var badType = [3]string{detFile, "type: TTP", "type: ttp"}

func writeFile(dir, name, text string) string {
	p := filepath.Join(dir, name)
	Expect(os.WriteFile(p, []byte(text), 0o644)).To(Succeed())
	return p
}

var _ = Describe("dactest validate", func() {
	BeforeEach(func() {
		if v, ok := os.LookupEnv("GITHUB_ACTIONS"); ok {
			os.Unsetenv("GITHUB_ACTIONS")
			DeferCleanup(os.Setenv, "GITHUB_ACTIONS", v)
		}
	})

	It("exits 0 on a clean tree, 1 with an error, 2 on usage errors", func() {
		code, _, _ := cli("validate", "--content", smallTree())
		Expect(code).To(Equal(exitOK))
		code, out, _ := cli("validate", "--content", smallTree(badType))
		Expect(code).To(Equal(exitFailed))
		Expect(out).To(ContainSubstring(detFile + ":7:7: error type-enum:"))
		for _, args := range [][]string{
			{"--format", "xml"}, {"--severity", "type-enum"}, {"--severity", "nope=off"},
			{"--severity", "type-enum=loud"}, {"--attack", "/nonexistent.json"}, {"--config", "/nonexistent.yml"},
		} {
			code, _, _ := cli(append([]string{"validate", "--content", smallTree()}, args...)...)
			Expect(code).To(Equal(exitUsage), "%v", args)
		}
	})

	It("lowers or silences a check with --severity", func() {
		dir := smallTree(badType)
		code, out, _ := cli("validate", "--content", dir, "--severity", "type-enum=warning")
		Expect(code).To(Equal(exitOK))
		Expect(out).To(ContainSubstring("warning type-enum:"))
		code, out, _ = cli("validate", "--content", dir, "--severity", "type-enum=off")
		Expect(code).To(Equal(exitOK))
		Expect(out).NotTo(ContainSubstring("type-enum"))
	})

	It("reads .dactest.yml at the content root; flags beat it", func() {
		dir := smallTree(badType)
		writeFile(dir, ".dactest.yml", "overrides:\n- files: \"detections/endpoint/*\"\n  checks: {type-enum: info}\n")
		code, out, _ := cli("validate", "--content", dir)
		Expect(code).To(Equal(exitOK))
		Expect(out).To(ContainSubstring("info type-enum:"))
		code, _, _ = cli("validate", "--content", dir, "--severity", "type-enum=error")
		Expect(code).To(Equal(exitFailed))
	})

	It("reports a bad config file at its position and stops with 2", func() {
		dir := smallTree()
		cfg := writeFile(GinkgoT().TempDir(), "my.yml", "checks:\n  type-enmu: off\n")
		code, _, stderr := cli("validate", "--content", dir, "--config", cfg)
		Expect(code).To(Equal(exitUsage))
		Expect(stderr).To(ContainSubstring(cfg + `:2:3: error config: unknown check "type-enmu" (did you mean "type-enum"?)`))
	})

	It("checks MITRE ids against an ATT&CK bundle given with --attack", func() {
		bundle := writeFile(GinkgoT().TempDir(), "attack.json", `{"type": "bundle", "objects": [
			{"type": "attack-pattern", "external_references": [{"source_name": "mitre-attack", "external_id": "T1003"}]},
			{"type": "attack-pattern", "external_references": [{"source_name": "mitre-attack", "external_id": "T1129"}]}]}`)
		code, out, _ := cli("validate", "--content", smallTree(), "--attack", bundle)
		Expect(code).To(Equal(exitFailed))
		Expect(out).To(ContainSubstring(detFile + ":26:5: error attack-unknown: MITRE ATT&CK id T1003.001"))
	})

	It("writes SARIF 2.1.0 with rules and positioned results", func() {
		code, out, _ := cli("validate", "--content", smallTree(badType), "--format", "sarif")
		Expect(code).To(Equal(exitFailed))
		var log struct {
			Version string
			Runs    []struct {
				Tool struct {
					Driver struct {
						Name  string
						Rules []struct{ ID string }
					}
				}
				Results []struct {
					RuleID    string
					Level     string
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           struct{ StartLine, StartColumn int }
						}
					}
				}
			}
		}
		Expect(json.Unmarshal([]byte(out), &log)).To(Succeed())
		Expect(log.Version).To(Equal("2.1.0"))
		run := log.Runs[0]
		Expect(run.Tool.Driver.Name).To(Equal("dactest"))
		Expect(len(run.Tool.Driver.Rules)).To(BeNumerically(">", 40))
		Expect(run.Results).To(HaveLen(1))
		r := run.Results[0]
		Expect(r.RuleID).To(Equal("type-enum"))
		Expect(r.Level).To(Equal("error"))
		loc := r.Locations[0].PhysicalLocation
		Expect(loc.ArtifactLocation.URI).To(HaveSuffix(detFile))
		Expect([]int{loc.Region.StartLine, loc.Region.StartColumn}).To(Equal([]int{7, 7}))
	})

	It("writes GitHub annotations with --format github and inside GitHub Actions", func() {
		dir := smallTree(badType)
		_, out, _ := cli("validate", "--content", dir, "--format", "github")
		Expect(out).To(MatchRegexp(`(?m)^::error file=[^,]*test_detection\.yml,line=7,col=7,title=dactest type-enum::type "ttp"`))
		os.Setenv("GITHUB_ACTIONS", "true")
		DeferCleanup(os.Unsetenv, "GITHUB_ACTIONS")
		_, out, _ = cli("validate", "--content", dir)
		Expect(out).To(ContainSubstring("error type-enum:")) // the text report
		Expect(out).To(ContainSubstring("::error file="))    // and the annotations
		_, out, stderr := cli("validate", "--content", dir, "--format", "json")
		Expect(json.Valid([]byte(out))).To(BeTrue()) // machine output stays clean
		Expect(stderr).To(ContainSubstring("::error file="))
	})
})
