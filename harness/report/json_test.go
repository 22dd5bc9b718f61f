package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/dactest/dactest"
	"github.com/dactest/dactest/harness/explain"
	"github.com/dactest/dactest/harness/runner"
)

// The JSON report carries what a merge needs (the run's identity and
// shard, each test's detection type, status and ATT&CK ids, an OR's
// alternatives in an explanation) and stays valid against
// schemas/report.schema.json.
func TestJSONReportMatchesSchemaWithRunAndMeta(t *testing.T) {
	rep := fixtureReport()
	rep.Run = &runner.RunInfo{ContentID: "sha256:" + string(bytes.Repeat([]byte("ab"), 32)), PlannedTests: 12, Shard: &runner.Shard{K: 2, N: 3}}
	rep.Results[0].SearchAt = &runner.Position{File: "detections/endpoint/pass_detection.yml", Line: 9, Col: 9}
	rep.Results[1].Explanation.Blocked.Nearest[0].Failed = []explain.Failure{{
		Condition: "a=1 OR b=2", Kind: explain.NoAlternative, Alternatives: [][]explain.Failure{
			{{Condition: "a=1", Field: "a", Kind: explain.ValueDiffers, Got: []string{"0"}, Want: "1"}},
			{{Condition: "b=2", Field: "b", Kind: explain.MissingField, Want: "2"}},
		}}}
	var buf bytes.Buffer
	if err := JSON(&buf, rep, "dactest test"); err != nil {
		t.Fatal(err)
	}
	schema, err := dactest.Schemas.ReadFile("schemas/report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(buf.Bytes()))
	if err != nil || !res.Valid() {
		t.Fatalf("report not valid against its schema: %v %v", err, res.Errors())
	}
	var doc struct {
		Run   runner.RunInfo
		Tests []struct {
			DetectionType   string           `json:"detection_type"`
			DetectionStatus string           `json:"detection_status"`
			MitreIDs        []string         `json:"mitre_attack_ids"`
			SearchAt        *runner.Position `json:"search_at"`
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Run.Shard == nil || *doc.Run.Shard != (runner.Shard{K: 2, N: 3}) || doc.Run.PlannedTests != 12 {
		t.Errorf("run %+v", doc.Run)
	}
	first := doc.Tests[0]
	if first.DetectionType != "TTP" || first.DetectionStatus != "production" || len(first.MitreIDs) != 1 || first.SearchAt == nil || first.SearchAt.Line != 9 {
		t.Errorf("test meta %+v", first)
	}
	// A bad shard is rejected: the schema does constrain the new keys.
	bad := bytes.Replace(buf.Bytes(), []byte(`"k": 2`), []byte(`"k": 0`), 1)
	if res, _ := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(bad)); res == nil || res.Valid() {
		t.Errorf("shard k=0 accepted")
	}
}

// Searches and events are full of < > & (`where count > 5`, `<Event
// xmlns=…>`); the JSON-based reports keep them as written instead of
// \u003c escapes, which only HTML embedding needs.
func TestJSONReportsKeepSPLAndXMLReadable(t *testing.T) {
	rep := fixtureReport()
	rep.Results[0].Search = `index=x | where count > 5 AND a<b | eval c=a&b`
	var buf bytes.Buffer
	if err := JSON(&buf, rep, "dactest test"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `where count > 5 AND a<b | eval c=a&b`) || strings.Contains(buf.String(), `\u003e`) {
		t.Errorf("JSON report escapes SPL:\n%s", buf.String())
	}
	for i := range rep.Results {
		if rep.Results[i].Status != runner.Pass && rep.Results[i].Status != runner.Skip {
			rep.Results[i].Message = `nothing left after 'where count > 5' in <Event> & co`
		}
	}
	buf.Reset()
	if err := TestsSARIF(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `'where count > 5' in <Event> & co`) {
		t.Errorf("SARIF escapes < or &:\n%s", buf.String())
	}
}

// The tests array is streamed after the other members; an empty run is
// still one valid document.
func TestJSONReportStreamsTests(t *testing.T) {
	for _, results := range [][]runner.TestResult{nil, {{File: "a.yml", Test: "t1", DetectionMeta: runner.DetectionMeta{Search: "x"}}, {File: "a.yml", Test: "t2"}}} {
		var buf bytes.Buffer
		if err := JSON(&buf, &runner.Report{Results: results}, "dactest test"); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Version  int
			Searches map[string]string
			Tests    []map[string]any
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("%v\n%s", err, buf.String())
		}
		if doc.Version != Version || len(doc.Tests) != len(results) {
			t.Errorf("version %d, %d tests: %s", doc.Version, len(doc.Tests), buf.String())
		}
		if len(results) > 0 && (doc.Searches["a.yml"] != "x" || doc.Tests[0]["search"] != nil) {
			t.Errorf("search not once in the table: %s", buf.String())
		}
	}
}
