package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/internal/testenv"
)

// sharedDir is ../shared beside the repository root; a missing corpus
// fails the test rather than skipping it.
func sharedDir(t testing.TB) string { return testenv.SharedDir(t) }

func corpus(t testing.TB, rel string) string {
	return filepath.Join(sharedDir(t), "corpus", rel)
}

const (
	certutilRaw = "attack_data/datasets/attack_techniques/T1552.004/certutil_exe_certificate_extraction/certutil_exe_certificate_extraction.raw"
	procdumpDir = "attack_data/datasets/attack_techniques/T1003.001/atomic_red_team/procdump_t1003.001_capattack/"
	sysmonMeta  = "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"
)

// fieldsOf runs the XML extraction alone and returns the fields.
func fieldsOf(raw string) map[string][]string {
	m := map[string][]string{}
	ExtractWinXML(raw, func(n, v string) { m[n] = append(m[n], v) })
	return m
}

// caseDataPaths lists the dataset paths named by the acceptance cases.
func caseDataPaths(t testing.TB) []string {
	var out []string
	for _, name := range []string{"real-detections.yml", "real-detections-wide.yml"} {
		dir := filepath.Join(sharedDir(t), "cases")
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "- path: "); ok {
				out = append(out, filepath.Join(dir, rest))
			}
		}
	}
	return out
}

// corpusPathNoSkip is corpus() for fuzz seeds: no testing.TB to skip with.
func corpusPathNoSkip(rel string) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "corpus", rel)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return rel
		}
		dir = parent
	}
}
