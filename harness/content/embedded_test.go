package content

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/dactest/dactest"
	"github.com/xeipuuv/gojsonschema"
)

// The project's own embedded detections load without findings.
func TestLoadEmbeddedContent(t *testing.T) {
	tree := mustLoad(t, dactest.Content, "embedded")
	for _, f := range tree.Findings {
		t.Errorf("%s", f)
	}
	if len(tree.Detections) == 0 {
		t.Fatal("no embedded detections")
	}
}

func TestAllSchemasCompile(t *testing.T) {
	names, err := fs.Glob(dactest.Schemas, "schemas/*.schema.json")
	if err != nil || len(names) < 7 {
		t.Fatalf("schemas: %v %v", names, err)
	}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "schemas/"), ".schema.json")
		if _, err := Schema(name); err != nil {
			t.Error(err)
		}
	}
}

// The report schema accepts what the runner is told to write and rejects a
// bad status.
func TestReportSchema(t *testing.T) {
	s, err := Schema(SchemaReport)
	if err != nil {
		t.Fatal(err)
	}
	good := `{"version": 1, "tool": "dactest", "duration_ms": 12.5,
	  "summary": {"total": 2, "pass": 1, "fail": 1, "skip": 0, "error": 0, "unsupported": 0},
	  "tests": [
	    {"detection_id": "1", "detection_name": "A", "file": "a.yml", "test": "True Positive Test",
	     "status": "pass", "duration_ms": 3, "result_count": 2, "expected_results": null,
	     "rows": [{"dest": "host1", "count": 3, "user": ["a", "b"]}], "rows_truncated": false},
	    {"detection_id": "2", "detection_name": "B", "file": "b.yml", "test": "case-1", "case_id": "case-1",
	     "status": "fail", "message": "b.yml:3:1: expected 1 row, got 0", "duration_ms": 1, "result_count": 0}
	  ]}`
	res, err := s.Validate(gojsonschema.NewStringLoader(good))
	if err != nil || !res.Valid() {
		t.Fatalf("valid report rejected: %v %v", err, res.Errors())
	}
	var bad map[string]any
	_ = json.Unmarshal([]byte(good), &bad)
	bad["tests"].([]any)[0].(map[string]any)["status"] = "passed"
	res, _ = s.Validate(gojsonschema.NewGoLoader(bad))
	if res.Valid() {
		t.Fatal("bad status accepted")
	}
}
