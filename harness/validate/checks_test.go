package validate

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dactest/dactest/harness/internal/testenv"

	"github.com/dactest/dactest/harness/content"
)

const (
	oldDet = "detections/endpoint/test_detection.yml"
	rbaDet = "detections/endpoint/test_rba_detection.yml"
)

var today = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// baseTree is content's valid test tree, copied so cases can change it.
func baseTree(t testing.TB) fstest.MapFS { return testenv.MapFS(t, "../content/testdata/tree") }

func edit(t testing.TB, m fstest.MapFS, file, old, new string) {
	t.Helper()
	s := string(m[file].Data)
	if !strings.Contains(s, old) {
		t.Fatalf("%q not in %s", old, file)
	}
	m[file] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
}

func runTree(t testing.TB, m fstest.MapFS) []content.Finding {
	t.Helper()
	return runTreeWith(t, m, Options{Now: today})
}

func runTreeWith(t testing.TB, m fstest.MapFS, opts Options) []content.Finding {
	t.Helper()
	tree, err := content.Load(m, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range tree.Findings {
		t.Fatalf("load finding: %s", f)
	}
	return Run(tree, opts)
}

func TestBaseTreeIsClean(t *testing.T) {
	for _, f := range runTree(t, baseTree(t)) {
		t.Errorf("%s", f)
	}
}

// Each case breaks the valid tree in one way; the named check must fire
// exactly once, at file:line:col.
func TestChecks(t *testing.T) {
	long := strings.Repeat("x", 68)
	cases := []struct {
		check  string
		change func(fstest.MapFS)
		pos    string
	}{
		{"name-length", func(m fstest.MapFS) {
			edit(t, m, oldDet, "name: Test Detection", "name: "+long)
		}, oldDet + ":1:7"},
		{"id-format", func(m fstest.MapFS) { edit(t, m, oldDet, "id: 11111111-1111-4111-8111-111111111111", "id: 1111-x") }, oldDet + ":2:5"},
		{"id-unique", func(m fstest.MapFS) {
			edit(t, m, "stories/test_story.yml", "33333333-3333-4333-8333-333333333333", "11111111-1111-4111-8111-111111111111")
		}, "stories/test_story.yml:2:5"},
		{"name-unique", func(m fstest.MapFS) {
			m["detections/web/test_detection.yml"] = m[oldDet]
			edit(t, m, "detections/web/test_detection.yml", "11111111-1111-4111-8111-111111111111", "55555555-5555-4555-8555-555555555555")
		}, "detections/web/test_detection.yml:1:7"},
		{"name-unique", func(m fstest.MapFS) { // across kinds
			edit(t, m, "stories/test_story.yml", "name: Test Story", "name: Test Detection")
		}, "stories/test_story.yml:1:7"},
		{"file-name", func(m fstest.MapFS) {
			m["detections/endpoint/other_name.yml"] = m[oldDet]
			delete(m, oldDet)
		}, "detections/endpoint/other_name.yml:1:7"},
		{"date-invalid", func(m fstest.MapFS) { edit(t, m, oldDet, "'2024-01-01'", "'2024-02-30'") }, oldDet + ":4:7"},
		{"date-future", func(m fstest.MapFS) { edit(t, m, oldDet, "'2024-01-01'", "'2026-12-04'") }, oldDet + ":4:7"},
		{"status-enum", func(m fstest.MapFS) { edit(t, m, oldDet, "status: production", "status: prod") }, oldDet + ":6:9"},
		{"type-enum", func(m fstest.MapFS) { edit(t, m, oldDet, "type: TTP", "type: ttp") }, oldDet + ":7:7"},
		{"security-domain-enum", func(m fstest.MapFS) {
			edit(t, m, oldDet, "security_domain: endpoint", "security_domain: endpoints")
		}, oldDet + ":37:20"},
		{"asset-type-enum", func(m fstest.MapFS) { edit(t, m, oldDet, "asset_type: Endpoint", "asset_type: Laptop") }, oldDet + ":21:15"},
		{"product-enum", func(m fstest.MapFS) { edit(t, m, oldDet, "- Splunk Enterprise\n", "- Splunk Enterprize\n") }, oldDet + ":33:5"},
		{"observable-enum", func(m fstest.MapFS) { edit(t, m, oldDet, "type: Hostname", "type: Host") }, oldDet + ":29:11"},
		{"rba-type-enum", func(m fstest.MapFS) { edit(t, m, rbaDet, "type: system", "type: host") }, rbaDet + ":22:11"},
		{"mitre-id-format", func(m fstest.MapFS) { edit(t, m, oldDet, "- T1003.001", "- T1003.1") }, oldDet + ":26:5"},
		{"attack-unknown", func(m fstest.MapFS) {}, oldDet + ":26:5"}, // with attackData below
		{"mitre-parent-and-sub", func(m fstest.MapFS) {
			edit(t, m, oldDet, "  - T1003.001\n", "  - T1003.001\n  - T1003\n")
		}, oldDet + ":27:5"},
		{"story-ref", func(m fstest.MapFS) { edit(t, m, oldDet, "- Test Story", "- Test Stroy") }, oldDet + ":20:5"},
		{"data-source-ref", func(m fstest.MapFS) { edit(t, m, oldDet, "- Sysmon EventID 1", "- Sysmon EventID 2") }, oldDet + ":10:3"},
		{"macro-ref", func(m fstest.MapFS) { edit(t, m, oldDet, "'`sysmon` Event", "'`sysmonx` Event") }, oldDet + ":11:10"},
		{"macro-ref", func(m fstest.MapFS) { // wrong arity: only security_content_ctime(1) exists
			edit(t, m, oldDet, "| `test_detection_filter`", "| `security_content_ctime(a,b)` | `test_detection_filter`")
		}, oldDet + ":11:55"},
		{"lookup-ref", func(m fstest.MapFS) { edit(t, m, rbaDet, "lookup test_lookup", "lookup tset_lookup") }, rbaDet + ":11:40"},
		{"inputlookup-ref", func(m fstest.MapFS) {
			edit(t, m, rbaDet, "| lookup test_lookup domain", "| inputlookup append=t seen.csv")
		}, rbaDet + ":11:54"},
		{"lookup-file", func(m fstest.MapFS) { delete(m, "lookups/test_lookup.csv") }, "lookups/test_lookup.yml:3:11"},
		{"lookup-csv", func(m fstest.MapFS) {
			m["lookups/test_lookup.csv"] = &fstest.MapFile{Data: []byte("domain,flag\n*.example.com,1\nb.com,1,x\n")}
		}, "lookups/test_lookup.csv:3:1"},
		{"lookup-source", func(m fstest.MapFS) {
			edit(t, m, "lookups/test_lookup.yml", "min_matches: 1\n", "min_matches: 1\ncollection: kv\n")
		}, "lookups/test_lookup.yml:6:13"},
		{"lookup-match-type", func(m fstest.MapFS) {
			edit(t, m, "lookups/test_lookup.yml", "WILDCARD(domain)", "EXACT")
		}, "lookups/test_lookup.yml:4:13"},
		{"macro-arg-undeclared", func(m fstest.MapFS) {
			edit(t, m, "macros/security_content_ctime.yml", "ctime($field$)", "ctime($feild$)")
		}, "macros/security_content_ctime.yml:3:59"},
		{"macro-arg-unused", func(m fstest.MapFS) {
			edit(t, m, "macros/security_content_ctime.yml", "- field\n", "- field\n- format\n")
		}, "macros/security_content_ctime.yml:4:13"},
		{"filter-macro", func(m fstest.MapFS) { edit(t, m, oldDet, " | `test_detection_filter`", "") }, oldDet + ":11:9"},
		{"rba-missing", func(m fstest.MapFS) {
			edit(t, m, rbaDet, "rba:\n  message: Test on $dest$\n  risk_objects:\n  - field: dest\n    type: system\n    score: 20\n  threat_objects:\n  - field: process_name\n    type: process_name\n", "")
		}, rbaDet + ":7:7"},
		{"rba-unexpected", func(m fstest.MapFS) { edit(t, m, rbaDet, "type: Anomaly", "type: Hunting") }, rbaDet + ":18:1"},
		{"risk-victim", func(m fstest.MapFS) { edit(t, m, oldDet, "- Victim", "- Attacker") }, oldDet + ":28:3"},
		{"risk-field-in-search", func(m fstest.MapFS) { edit(t, m, oldDet, "- name: dest", "- name: src") }, oldDet + ":28:11"},
		{"risk-field-in-search", func(m fstest.MapFS) { edit(t, m, rbaDet, "Test on $dest$", "Test on $dest$ by $user$") }, rbaDet + ":19:30"},
		{"tests-required", func(m fstest.MapFS) {
			s := string(m[oldDet].Data)
			m[oldDet] = &fstest.MapFile{Data: []byte(s[:strings.Index(s, "tests:")])}
		}, oldDet + ":6:9"},
		{"drilldowns", func(m fstest.MapFS) {
			edit(t, m, oldDet, "drilldown_searches:\n- name: View the detection results\n  search: '%original_detection_search%'\n", "")
		}, oldDet + ":1:7"},
		{"risk-field-output", func(m fstest.MapFS) { // in the text, but stats drops it
			edit(t, m, rbaDet, "- field: process_name\n    type: process_name", "- field: EventCode\n    type: process_name")
		}, rbaDet + ":25:12"},
		{"message-token-output", func(m fstest.MapFS) { edit(t, m, rbaDet, "Test on $dest$", "Test on $dest$ via $EventCode$") }, rbaDet + ":19:31"},
		{"drilldown-token-output", func(m fstest.MapFS) {
			edit(t, m, rbaDet, "- name: View the detection results", "- name: View results for $EventCode$ $info_min_time$")
		}, rbaDet + ":16:26"},
		{"throttling-field-output", func(m fstest.MapFS) {
			edit(t, m, rbaDet, "  security_domain: endpoint\n", "  security_domain: endpoint\n  throttling:\n    fields:\n    - dest\n    - EventCode\n    period: 3600s\n")
		}, rbaDet + ":39:7"},
		{"data-source-fields", func(m fstest.MapFS) { // Sysmon EventID 1 has _time, Image, dest
			edit(t, m, rbaDet, "| lookup test_lookup domain ", "")
		}, rbaDet + ":11:54"},
		{"tstats-summariesonly", func(m fstest.MapFS) {
			edit(t, m, rbaDet, "`sysmon` EventCode=1 | lookup test_lookup domain | stats count by dest, process_name",
				"| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name | rename Processes.* AS *")
		}, rbaDet + ":11:12"},
		{"legacy-key", func(m fstest.MapFS) { edit(t, m, oldDet, "references: []\n", "references: []\ndatamodel: []\n") }, oldDet + ":15:1"},
		{"update-timestamp-type", func(m fstest.MapFS) { edit(t, m, rbaDet, "update_timestamp: true", "update_timestamp: trues") }, rbaDet + ":43:23"},
		{"story-duplicate", func(m fstest.MapFS) { edit(t, m, oldDet, "  - Test Story\n", "  - Test Story\n  - Test Story\n") }, oldDet + ":21:5"},
		{"reference-url", func(m fstest.MapFS) {
			edit(t, m, oldDet, "references: []\n", "references:\n- https://example.com/ok\n- redcanary blog post\n")
		}, oldDet + ":16:3"},
	}
	// Options.Attack for the cases that need ATT&CK data: T1003.001 is
	// not in it.
	attackData := map[string]Attack{"attack-unknown": {"T1003": true, "T1059.001": true, "T1129": true}}
	tested := map[string]bool{}
	for _, c := range cases {
		tested[c.check] = true
		t.Run(c.check, func(t *testing.T) {
			m := baseTree(t)
			c.change(m)
			var hits []content.Finding
			for _, f := range runTreeWith(t, m, Options{Now: today, Attack: attackData[c.check]}) {
				if f.Check == c.check {
					hits = append(hits, f)
				}
			}
			if len(hits) != 1 || hits[0].Pos.String() != c.pos {
				t.Fatalf("want one %s at %s, got %v", c.check, c.pos, hits)
			}
			if want, _ := CheckByID(c.check); hits[0].Severity != want.Severity || hits[0].Hint == "" {
				t.Fatalf("severity/hint: %+v", hits[0])
			}
		})
	}
	for _, c := range Checks {
		if !tested[c.ID] {
			t.Errorf("check %s has no test", c.ID)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	m := baseTree(t)
	edit(t, m, oldDet, "- Test Story", "- Test Stroy")
	for _, f := range runTree(t, m) {
		if f.Check == "story-ref" && !strings.Contains(f.Message, `did you mean "Test Story"?`) {
			t.Fatalf("no suggestion: %s", f.Message)
		}
	}
}

func TestSeverityOverrides(t *testing.T) {
	m := baseTree(t)
	edit(t, m, oldDet, "type: TTP", "type: ttp")
	edit(t, m, oldDet, "- T1003.001", "- T1003.1")
	tree, _ := content.Load(m, "")
	got := Run(tree, Options{Now: today, Severity: map[string]string{"type-enum": "warning", "mitre-id-format": SeverityOff}})
	if len(got) != 1 || got[0].Check != "type-enum" || got[0].Severity != "warning" {
		t.Fatalf("got %v", got)
	}
}

// tstats over indexed fields (no datamodel) reads no acceleration
// summaries, so summariesonly does not apply.
func TestTstatsWithoutDatamodel(t *testing.T) {
	m := baseTree(t)
	edit(t, m, rbaDet, "`sysmon` EventCode=1 | lookup test_lookup domain | stats count by dest, process_name",
		"| tstats count where index=main by host | rename host AS dest | eval process_name=1")
	for _, f := range runTree(t, m) {
		if f.Check == "tstats-summariesonly" {
			t.Fatalf("%s", f)
		}
	}
}

// A risk field absent from the search text is one finding
// (risk-field-in-search), not two.
func TestAbsentRiskFieldReportedOnce(t *testing.T) {
	m := baseTree(t)
	edit(t, m, rbaDet, "Test on $dest$", "Test on $dest$ by $nowhere$")
	var got []string
	for _, f := range runTree(t, m) {
		got = append(got, f.Check)
	}
	if len(got) != 1 || got[0] != "risk-field-in-search" {
		t.Fatalf("got %v", got)
	}
}

// Tokens in folded (multi-line) and quoted messages are located in the
// file text, not by offset from the scalar's start.
func TestTokenPositionsInFoldedMessages(t *testing.T) {
	cases := []struct{ message, pos string }{
		{"message: Test on $dest$ and\n    again $EventCode$ here", rbaDet + ":20:11"},
		{"message: \"Test on $dest$ \\\"q\\\"\n    $EventCode$\"", rbaDet + ":20:5"},
		{"message: >-\n    Test on $dest$\n    $dest$ $EventCode$ $EventCode$", rbaDet + ":21:12"},
	}
	for _, c := range cases {
		m := baseTree(t)
		edit(t, m, rbaDet, "message: Test on $dest$", c.message)
		var got []string
		for _, f := range runTree(t, m) {
			if f.Check == "message-token-output" {
				got = append(got, f.Pos.String())
			}
		}
		if len(got) != 1 || got[0] != c.pos {
			t.Errorf("%q: got %v, want %s", c.message, got, c.pos)
		}
	}
}

// contentctl (pydantic, lax mode) reads a quoted version as a number and
// an id in any form Python's uuid.UUID takes; neither is an error here,
// and two spellings of one UUID are one id.
func TestLaxForms(t *testing.T) {
	m := baseTree(t)
	edit(t, m, oldDet, "version: 1", "version: '1'")
	edit(t, m, oldDet, "id: 11111111-1111-4111-8111-111111111111", "id: '11111111111141118111111111111111'")
	for _, f := range runTree(t, m) {
		if f.Severity == content.SeverityError {
			t.Errorf("error: %s", f)
		}
	}
	edit(t, m, "stories/test_story.yml", "33333333-3333-4333-8333-333333333333", "'{11111111-1111-4111-8111-111111111111}'")
	if !hasCheck(runTree(t, m), "id-unique") {
		t.Error("one UUID in two spellings is not one id")
	}
}

func hasCheck(fs []content.Finding, id string) bool {
	for _, f := range fs {
		if f.Check == id {
			return true
		}
	}
	return false
}
