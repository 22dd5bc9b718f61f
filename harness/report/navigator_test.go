package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

type layerFile struct {
	Name     string
	Domain   string
	Versions struct{ Navigator, Layer string }
	Gradient struct {
		Colors             []string
		MinValue, MaxValue int
	}
	LegendItems []struct{ Label, Color string }
	Techniques  []struct {
		TechniqueID string
		Score       *int
		Color       string
		Comment     string
		Enabled     bool
		Metadata    []struct{ Name, Value string }
	}
	Metadata []struct{ Name, Value string }
}

func TestNavigatorLayer(t *testing.T) {
	var buf bytes.Buffer
	if err := Navigator(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	var l layerFile
	if err := json.Unmarshal(buf.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	// Layer format 4.5: versions.layer "4.5", versions.navigator at least
	// "4.9.0", domain one of the three ATT&CK domains, name required.
	if l.Name == "" || l.Domain != "enterprise-attack" || l.Versions.Layer != "4.5" || l.Versions.Navigator < "4.9.0" {
		t.Errorf("layer header: %+v", l)
	}
	if len(l.Gradient.Colors) < 2 || l.Gradient.MaxValue <= l.Gradient.MinValue || len(l.LegendItems) != 3 {
		t.Errorf("gradient/legend: %+v %+v", l.Gradient, l.LegendItems)
	}
	type tech struct {
		score          int
		color, comment string
	}
	got := map[string]tech{}
	for _, te := range l.Techniques {
		if te.Score == nil || !te.Enabled {
			t.Errorf("%s: unscored or disabled", te.TechniqueID)
			continue
		}
		got[te.TechniqueID] = tech{*te.Score, te.Color, te.Comment}
	}
	// T1003.001: Pass Detection's test passes, Fail Detection has one pass
	// and one fail -> 2 of 3. T1059 (listed twice by Fail Detection, counted
	// once per test): 1 of 2. T1078: the error fails it. T1110 belongs only
	// to a skipped detection and is left out.
	want := map[string]tech{
		"T1003.001": {66, navPartialColor, "2 of 3 test(s) pass"},
		"T1059":     {50, navPartialColor, "1 of 2 test(s) pass"},
		"T1078":     {0, navFailColor, "0 of 1 test(s) pass"},
	}
	if len(got) != len(want) {
		t.Errorf("techniques %v, want %v", got, want)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s = %+v, want %+v", id, got[id], w)
		}
	}
	if len(l.Metadata) != 1 || l.Metadata[0].Value != "Unsupported Detection" {
		t.Errorf("detections without techniques: %+v", l.Metadata)
	}
}

func TestNavigatorAllPassIsGreen(t *testing.T) {
	rep := fixtureReport()
	rep.Results = rep.Results[:1]
	var buf bytes.Buffer
	if err := Navigator(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var l layerFile
	if err := json.Unmarshal(buf.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Techniques) != 1 || *l.Techniques[0].Score != 100 || l.Techniques[0].Color != navPassColor {
		t.Errorf("techniques %+v", l.Techniques)
	}
	if l.Techniques[0].Metadata[0].Name != "passing" || l.Techniques[0].Metadata[0].Value != "Pass Detection" {
		t.Errorf("metadata %+v", l.Techniques[0].Metadata)
	}
}

// Results without techniques (a report written by hand) list their
// detections as untagged; risk events are no longer a source of ids.
func TestNavigatorListsDetectionsWithoutTechniques(t *testing.T) {
	rep := withoutMeta(fixtureReport())
	rep.Results[0].MitreIDs = []string{"T1003.001"}
	var buf bytes.Buffer
	if err := Navigator(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var l layerFile
	if err := json.Unmarshal(buf.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Techniques) != 1 || l.Techniques[0].TechniqueID != "T1003.001" || *l.Techniques[0].Score != 100 {
		t.Errorf("techniques %+v", l.Techniques)
	}
	if len(l.Metadata) != 1 || !strings.Contains(l.Metadata[0].Value, "Fail Detection") {
		t.Errorf("untagged %+v", l.Metadata)
	}
}
