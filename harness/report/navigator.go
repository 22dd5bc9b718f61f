package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/dactest/dactest/harness/runner"
)

// An ATT&CK Navigator layer, format 4.5 (mitre-attack/attack-navigator
// layers/spec/v4.5/layerformat.md): name, versions (layer "4.5", navigator
// at least "4.9.0"), domain, and technique annotations. An explicit color
// overrides the score's gradient colour; the score still sorts and
// aggregates, so it is the share of passing tests.
type navLayer struct {
	Name         string          `json:"name"`
	Versions     navVersions     `json:"versions"`
	Domain       string          `json:"domain"`
	Description  string          `json:"description"`
	Sorting      int             `json:"sorting"`
	Layout       navLayout       `json:"layout"`
	HideDisabled bool            `json:"hideDisabled"`
	Techniques   []navTechnique  `json:"techniques"`
	Gradient     navGradient     `json:"gradient"`
	LegendItems  []navLegendItem `json:"legendItems"`
	Metadata     []navMetadata   `json:"metadata,omitempty"`
}

type navVersions struct {
	Navigator string `json:"navigator"`
	Layer     string `json:"layer"`
}

type navLayout struct {
	Layout                string `json:"layout"`
	ShowID                bool   `json:"showID"`
	ShowName              bool   `json:"showName"`
	ExpandedSubtechniques string `json:"expandedSubtechniques"`
}

type navTechnique struct {
	TechniqueID string        `json:"techniqueID"`
	Score       int           `json:"score"`
	Color       string        `json:"color"`
	Comment     string        `json:"comment"`
	Enabled     bool          `json:"enabled"`
	Metadata    []navMetadata `json:"metadata,omitempty"`
}

type navGradient struct {
	Colors   []string `json:"colors"`
	MinValue int      `json:"minValue"`
	MaxValue int      `json:"maxValue"`
}

type navLegendItem struct {
	Label string `json:"label"`
	Color string `json:"color"`
}

type navMetadata struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Layer colours: every test passes, some do, none does.
const (
	navPassColor    = "#8ec843"
	navPartialColor = "#ffe766"
	navFailColor    = "#ff6666"
)

// techniqueTally counts, per technique, the detections' test verdicts.
type techniqueTally struct {
	pass, fail int
	passing    map[string]bool // detection name -> has a passing test
	failing    map[string]bool // detection name -> has a failing test
}

// Navigator writes an ATT&CK Navigator layer of the techniques the tested
// detections cover: green where all their tests pass, red where none does,
// yellow in between; skipped tests do not count. Technique ids are the
// detections' tags.mitre_attack_id, as each result carries them;
// detections without any are listed in the layer's metadata so the gap is
// visible.
func Navigator(w io.Writer, rep *runner.Report) error {
	tallies, untagged := tallyTechniques(rep.Results)
	layer := navLayer{
		Name: "dactest coverage", Domain: "enterprise-attack",
		Versions:    navVersions{Navigator: "5.1.0", Layer: "4.5"},
		Description: fmt.Sprintf("Techniques of detections tested by dactest: %d tests, %d passed, %d failed.", rep.Summary.Total, rep.Summary.Pass, rep.Summary.Fail+rep.Summary.Error+rep.Summary.Unsupported),
		Sorting:     3,
		Layout:      navLayout{Layout: "side", ShowID: true, ShowName: true, ExpandedSubtechniques: "annotated"},
		Techniques:  []navTechnique{},
		Gradient:    navGradient{Colors: []string{navFailColor, navPartialColor, navPassColor}, MinValue: 0, MaxValue: 100},
		LegendItems: []navLegendItem{
			{Label: "all tests pass", Color: navPassColor},
			{Label: "some tests fail", Color: navPartialColor},
			{Label: "all tests fail", Color: navFailColor},
		},
	}
	for _, id := range sortedKeys(tallies) {
		layer.Techniques = append(layer.Techniques, technique(id, tallies[id]))
	}
	if len(untagged) > 0 {
		layer.Metadata = append(layer.Metadata, navMetadata{Name: "tested detections without mitre_attack_id", Value: strings.Join(untagged, "; ")})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // SPL and _raw hold < > &: keep them readable
	enc.SetIndent("", "  ")
	return enc.Encode(layer)
}

func tallyTechniques(results []runner.TestResult) (map[string]*techniqueTally, []string) {
	tallies := map[string]*techniqueTally{}
	untaggedSet := map[string]bool{}
	for _, t := range results {
		if t.Status == runner.Skip {
			continue
		}
		ids := techniques(t)
		if len(ids) == 0 {
			untaggedSet[t.Detection] = true
		}
		for _, id := range ids {
			tl := tallies[id]
			if tl == nil {
				tl = &techniqueTally{passing: map[string]bool{}, failing: map[string]bool{}}
				tallies[id] = tl
			}
			if t.Status == runner.Pass {
				tl.pass++
				tl.passing[t.Detection] = true
			} else {
				tl.fail++
				tl.failing[t.Detection] = true
			}
		}
	}
	return tallies, sortedKeys(untaggedSet)
}

func technique(id string, tl *techniqueTally) navTechnique {
	score := tl.pass * 100 / (tl.pass + tl.fail)
	color := navPartialColor
	switch score {
	case 100:
		color = navPassColor
	case 0:
		color = navFailColor
	}
	t := navTechnique{
		TechniqueID: id, Score: score, Color: color, Enabled: true,
		Comment: fmt.Sprintf("%d of %d test(s) pass", tl.pass, tl.pass+tl.fail),
	}
	if names := sortedKeys(tl.passing); len(names) > 0 {
		t.Metadata = append(t.Metadata, navMetadata{Name: "passing", Value: strings.Join(names, "; ")})
	}
	if names := sortedKeys(tl.failing); len(names) > 0 {
		t.Metadata = append(t.Metadata, navMetadata{Name: "failing", Value: strings.Join(names, "; ")})
	}
	return t
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// techniques lists a test's ATT&CK ids sorted, each once: a technique
// listed twice counts once per test (a JSON report written by hand, or an
// older one, may repeat them).
func techniques(t runner.TestResult) []string {
	ids := slices.Clone(t.MitreIDs)
	slices.Sort(ids)
	return slices.Compact(ids)
}
