package spl

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/internal/testenv"

	"gopkg.in/yaml.v3"
)

// sharedDir is ../shared beside the repository root.
func sharedDir(t testing.TB) string { return testenv.SharedDir(t) }

// loadCorpusMacros reads security_content/macros/*.yml.
func loadCorpusMacros(t testing.TB, root string) Macros {
	t.Helper()
	ms := Macros{}
	for _, m := range testenv.MacroFiles(t, root) {
		ms.Add(Macro{Name: m.Name, Params: m.Arguments, Definition: m.Definition, File: m.File})
	}
	return ms
}

type corpusDetection struct {
	file, search, status string
}

func loadCorpusDetections(t testing.TB, root string) []corpusDetection {
	t.Helper()
	var out []corpusDetection
	err := filepath.WalkDir(filepath.Join(root, "detections"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var det struct {
			Search string `yaml:"search"`
			Status string `yaml:"status"`
		}
		if err := yaml.Unmarshal(data, &det); err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		out = append(out, corpusDetection{file: path, search: det.Search, status: det.Status})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].file < out[j].file })
	return out
}

// knownCorpusFailures are detections that Splunk itself would reject, with
// the reason; any other failure fails the test.
var knownCorpusFailures = map[string]string{
	// get_asset(1) is not in the corpus's macros/: a genuinely undefined macro.
	"detections/network/excessive_dns_failures.yml": "undefined macro `get_asset(1)`",
}

// TestCorpusExpandParse expands and parses every ESCU detection search.
func TestCorpusExpandParse(t *testing.T) {
	root := filepath.Join(sharedDir(t), "corpus", "security_content")
	macros := loadCorpusMacros(t, root)
	dets := loadCorpusDetections(t, root)
	var total, ok, deprecated, deprecatedOK int
	for _, d := range dets {
		err := expandAndParse(d.search, macros)
		rel, _ := filepath.Rel(root, d.file)
		if d.status == "deprecated" {
			deprecated++
			if err == nil {
				deprecatedOK++
			} else {
				t.Logf("deprecated %s: %v", rel, err)
			}
			continue
		}
		total++
		if err == nil {
			ok++
			continue
		}
		if want, known := knownCorpusFailures[rel]; known && strings.Contains(err.Error(), want) {
			t.Logf("known failure %s: %v", rel, err)
			continue
		}
		t.Errorf("%s: %v", rel, err)
	}
	t.Logf("detections: %d active, %d expand+parse OK (%.2f%%); deprecated %d/%d OK",
		total, ok, 100*float64(ok)/float64(total), deprecatedOK, deprecated)
	if total < 1500 {
		t.Errorf("only %d active detections found", total)
	}
	if rate := float64(ok) / float64(total); rate < 0.995 {
		t.Errorf("expand+parse rate %.2f%% is below 99.5%%", 100*rate)
	}
}

func expandAndParse(search string, macros Macros) error {
	exp, err := Expand(search, macros)
	if err != nil {
		return err
	}
	if _, err = exp.Parse(); err != nil {
		return fmt.Errorf("%w\n\tnear: %s", err, snippet(exp.Text, err.(ErrorList)[0].Pos))
	}
	return nil
}

// snippet shows the expanded text around p, for failure messages.
func snippet(text string, p Pos) string {
	from, to := max(int(p)-40, 0), min(int(p)+40, len(text))
	return strings.ReplaceAll(text[from:int(p)]+"⟦"+text[int(p):to], "\n", " ")
}

// TestCorpus2026RemoteImageLoad pins the backslash rule on real content:
// the YAML (single-quoted, so no YAML escapes) holds ImageLoaded="\\\\*",
// which SPL reads as the value \\* (two backslashes, then a wildcard).
func TestCorpus2026RemoteImageLoad(t *testing.T) {
	root := filepath.Join(sharedDir(t), "corpus", "security_content_2026")
	macros := loadCorpusMacros(t, root)
	data, err := os.ReadFile(filepath.Join(root, "detections", "endpoint", "windows_remote_image_load.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var det struct {
		Search string `yaml:"search"`
	}
	if err := yaml.Unmarshal(data, &det); err != nil {
		t.Fatal(err)
	}
	exp, err := Expand(det.Search, macros)
	if err != nil {
		t.Fatal(err)
	}
	q, err := exp.Parse()
	if err != nil {
		t.Fatal(err)
	}
	search := q.Commands[0].(*SearchCommand)
	var found *SearchCompare
	for _, term := range search.Expr.(*SearchAnd).Terms {
		if c, ok := term.(*SearchCompare); ok && c.Field == "ImageLoaded" {
			found = c
		}
	}
	if found == nil || found.Value != `\\*` || !found.Quoted {
		t.Fatalf("ImageLoaded compare = %+v, want value \\\\* quoted", found)
	}
	macro, _, _ := exp.Origin(found.At)
	if macro != "" {
		t.Errorf("ImageLoaded comes from macro %q, want the search itself", macro)
	}
	if got := len(q.Commands); got != 6 {
		t.Errorf("got %d commands, want 6: %s", got, q)
	}
}
