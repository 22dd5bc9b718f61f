package report

import (
	"sort"

	"github.com/dactest/dactest/harness/content"
	"github.com/dactest/dactest/harness/runner"
)

// DetectionInfo is what some reports need to know about a detection beyond
// its verdicts: the ATT&CK techniques for the Navigator layer and JUnit
// properties, the type and status contentctl's summary.yml lists.
type DetectionInfo struct {
	Type, Status, Search, Source string
	DataSource, MitreIDs         []string
	ManualTest                   string
	SearchAt                     content.Pos // where the search: scalar starts
}

// Catalog maps a detection id to its info. runner.TestResult does not carry
// these fields, so the caller, who has the content tree, supplies them; a nil
// Catalog is valid and leaves them empty.
type Catalog map[string]DetectionInfo

// CatalogOf collects the info of every detection a plan tests.
func CatalogOf(jobs []runner.Job) Catalog {
	c := Catalog{}
	for _, j := range jobs {
		d := j.Detection
		if d == nil || d.ID == "" {
			continue
		}
		c[d.ID] = DetectionInfo{
			Type: d.Type, Status: d.Status, Search: d.Search, Source: sourceCategory(d.File),
			DataSource: d.DataSource, MitreIDs: d.MitreIDs, ManualTest: d.ManualTest,
			SearchAt: d.SearchPos,
		}
	}
	return c
}

// withRiskEvents returns the catalog completed, for detections it has no
// ATT&CK ids for, with the annotations.mitre_attack of their tests' risk
// events: what a merged run (no content tree) still knows.
func (c Catalog) withRiskEvents(results []runner.TestResult) Catalog {
	out := Catalog{}
	for id, info := range c {
		out[id] = info
	}
	for _, t := range results {
		info := out[t.DetectionID]
		if len(c[t.DetectionID].MitreIDs) > 0 || t.DetectionID == "" {
			continue
		}
		for _, ev := range t.RiskEvents {
			info.MitreIDs = append(info.MitreIDs, ev.MitreAttack...)
		}
		out[t.DetectionID] = info
	}
	return out
}

// mitreIDs lists the sorted, distinct techniques of a detection.
func (c Catalog) mitreIDs(detectionID string) []string {
	ids := append([]string(nil), c[detectionID].MitreIDs...)
	sort.Strings(ids)
	out := ids[:0]
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			out = append(out, id)
		}
	}
	return out
}
