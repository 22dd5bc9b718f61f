package runner

import (
	"sort"

	"github.com/dactest/dactest/harness/content"
)

// metaOf collects what reports need to know about a detection.
func metaOf(d *content.Detection) DetectionMeta {
	if d == nil {
		return DetectionMeta{}
	}
	m := DetectionMeta{
		DetectionType: d.Type, DetectionStatus: d.Status, MitreIDs: distinctSorted(d.MitreIDs),
		DataSources: d.DataSource, ManualTest: d.ManualTest, Search: d.Search,
	}
	if p := d.SearchPos; p.Line > 0 {
		m.SearchAt = &Position{File: p.File, Line: p.Line, Col: p.Col}
	}
	return m
}

func distinctSorted(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	out := append([]string(nil), in...)
	sort.Strings(out)
	n := 1
	for _, s := range out[1:] {
		if s != out[n-1] {
			out[n] = s
			n++
		}
	}
	return out[:n]
}
