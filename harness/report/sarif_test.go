package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/content"
	"github.com/xeipuuv/gojsonschema"
)

// sarifSubset restates, as a JSON Schema, the constraints of the OASIS
// SARIF 2.1.0 schema (Schemata/sarif-schema-2.1.0.json in
// oasis-tcs/sarif-spec) on the objects dactest writes — additionalProperties
// false, required keys, the level enum, 1-based regions — plus what GitHub
// code scanning marks required ("SARIF support for code scanning": $schema,
// rule shortDescription/fullDescription/help text, result locations with
// region startLine/startColumn, partialFingerprints).
const sarifSubset = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object", "additionalProperties": false,
  "required": ["$schema", "version", "runs"],
  "properties": {
    "$schema": {"type": "string", "format": "uri"},
    "version": {"enum": ["2.1.0"]},
    "runs": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/run"}}
  },
  "definitions": {
    "text": {"type": "object", "additionalProperties": false, "required": ["text"],
      "properties": {"text": {"type": "string", "minLength": 1}}},
    "level": {"enum": ["none", "note", "warning", "error"]},
    "run": {"type": "object", "additionalProperties": false, "required": ["tool", "results"],
      "properties": {
        "tool": {"type": "object", "additionalProperties": false, "required": ["driver"],
          "properties": {"driver": {"type": "object", "additionalProperties": false, "required": ["name", "rules"],
            "properties": {"name": {"type": "string", "minLength": 1}, "informationUri": {"type": "string", "format": "uri"},
              "rules": {"type": "array", "items": {"$ref": "#/definitions/rule"}}}}}},
        "results": {"type": "array", "items": {"$ref": "#/definitions/result"}}}},
    "rule": {"type": "object", "additionalProperties": false,
      "required": ["id", "shortDescription", "fullDescription", "help"],
      "properties": {
        "id": {"type": "string", "minLength": 1}, "name": {"type": "string", "maxLength": 255},
        "shortDescription": {"$ref": "#/definitions/text"}, "fullDescription": {"$ref": "#/definitions/text"},
        "help": {"$ref": "#/definitions/text"},
        "defaultConfiguration": {"type": "object", "additionalProperties": false,
          "properties": {"level": {"$ref": "#/definitions/level"}}},
        "properties": {"type": "object"}}},
    "result": {"type": "object", "additionalProperties": false,
      "required": ["ruleId", "message", "locations", "partialFingerprints"],
      "properties": {
        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": 0},
        "level": {"$ref": "#/definitions/level"}, "message": {"$ref": "#/definitions/text"},
        "properties": {"type": "object", "properties": {"tags": {"type": "array", "uniqueItems": true, "items": {"type": "string"}}}},
        "partialFingerprints": {"type": "object", "required": ["primaryLocationLineHash"],
          "additionalProperties": {"type": "string"}},
        "locations": {"type": "array", "minItems": 1, "maxItems": 10, "items": {
          "type": "object", "additionalProperties": false, "required": ["physicalLocation"],
          "properties": {"physicalLocation": {"type": "object", "additionalProperties": false,
            "required": ["artifactLocation", "region"],
            "properties": {
              "artifactLocation": {"type": "object", "additionalProperties": false, "required": ["uri"],
                "properties": {"uri": {"type": "string", "format": "uri-reference", "minLength": 1}}},
              "region": {"type": "object", "additionalProperties": false,
                "required": ["startLine", "startColumn", "endLine", "endColumn"],
                "properties": {"startLine": {"type": "integer", "minimum": 1}, "startColumn": {"type": "integer", "minimum": 1},
                  "endLine": {"type": "integer", "minimum": 1}, "endColumn": {"type": "integer", "minimum": 1}}}}}}}}}}
  }
}`

func TestSARIFValidates(t *testing.T) {
	var buf bytes.Buffer
	rules := []Rule{{ID: "a-check", Short: "something is off", Help: "fix it", Level: "error"},
		{ID: "b-check", Short: "maybe off", Help: "look", Level: "info"}}
	results := []Result{
		{RuleID: "a-check", Level: "error", Message: "bad value", File: "detections/x y.yml", Line: 3, Col: 7},
		{RuleID: "b-check", Level: "info", Message: "no position", File: "/abs/path.yml"},
		{RuleID: "unlisted", Level: "warning", Message: "rule not in table", File: "a.yml", Line: 1, Col: 1},
	}
	if err := SARIF(&buf, "dactest", rules, results); err != nil {
		t.Fatal(err)
	}
	res, err := gojsonschema.Validate(gojsonschema.NewStringLoader(sarifSubset), gojsonschema.NewBytesLoader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors() {
		t.Errorf("%s", e)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Level     string
				RuleIndex *int
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rs := log.Runs[0].Results
	loc := rs[0].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "detections/x%20y.yml" || loc.Region.StartLine != 3 || loc.Region.StartColumn != 7 {
		t.Errorf("location: %+v", loc)
	}
	if rs[1].Level != "note" || rs[1].Locations[0].PhysicalLocation.ArtifactLocation.URI != "file:///abs/path.yml" {
		t.Errorf("second result: %+v", rs[1])
	}
	if rs[0].RuleIndex == nil || *rs[0].RuleIndex != 0 || rs[2].RuleIndex != nil {
		t.Errorf("rule indexes: %v %v", rs[0].RuleIndex, rs[2].RuleIndex)
	}
}

// The subset schema must reject what GitHub rejects, or the test above
// proves nothing.
func TestSARIFSubsetRejects(t *testing.T) {
	for _, bad := range []string{
		`{"version": "2.1.0", "runs": []}`, // no $schema
		`{"$schema": "x:y", "version": "2.1.0", "runs": [{"tool": {"driver": {"name": "t", "rules": []}}, "results": [{"ruleId": "a", "message": {"text": "m"}, "partialFingerprints": {"primaryLocationLineHash": "1"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0, "startColumn": 1, "endLine": 1, "endColumn": 2}}}]}]}]}`,
		`{"$schema": "x:y", "version": "2.1.0", "runs": [{"tool": {"driver": {"name": "t", "rules": [{"id": "a", "shortDescription": {"text": "s"}}]}}, "results": []}]}`,
	} {
		res, err := gojsonschema.Validate(gojsonschema.NewStringLoader(sarifSubset), gojsonschema.NewStringLoader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if res.Valid() {
			t.Errorf("accepted: %s", bad)
		}
	}
}

func TestFindingsGitHub(t *testing.T) {
	var buf bytes.Buffer
	fs := findingsFixture()
	FindingsGitHub(&buf, []content.Finding{fs[1], fs[0]}, "/repo") // errors first
	want := "::error file=detections/a%2Cb.yml,line=3,col=7,title=dactest type-enum::type \"x\" 100%25%0Afix: use TTP\n" +
		"::notice file=macros/m.yml,title=dactest spl-unsupported::cannot run\n"
	if got := buf.String(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFindingsSARIFHint(t *testing.T) {
	var buf bytes.Buffer
	if err := FindingsSARIF(&buf, findingsFixture(), nil, "/repo"); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.Contains(s, `"uri": "detections/a,b.yml"`) || !strings.Contains(s, "(fix: use TTP)") {
		t.Fatal(s)
	}
}
