package ingest

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestCloseTruncatedJSON(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{`{"a": 1, "b": "xy`, `{"a": 1}`, true}, // cut string value dropped
		{`{"a": 1, "b`, `{"a": 1}`, true},       // cut key dropped
		{`{"a": 1, "b":`, `{"a": 1}`, true},     // key without value dropped
		{`{"a": [1, 23`, `{"a": [1]}`, true},    // a number may be cut: dropped
		{`{"a": [1, 2], "c": {"d": true`, `{"a": [1, 2], "c": {}}`, true},
		{`{"a": {"b": "x\"}"`, `{"a": {"b": "x\"}"}}`, true}, // escaped quote inside a string
		{`[{"a": null}, {"b"`, `[{"a": null}, {}]`, true},
		{`{"a": 1}`, `{"a": 1}`, false}, // complete
		{`not json`, `not json`, false},
		{`{"a": 1}}`, `{"a": 1}}`, false}, // unbalanced
	}
	for _, c := range cases {
		got, ok := CloseTruncatedJSON(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("CloseTruncatedJSON(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
		if ok {
			if err := ExtractJSON(got, func(string, string) {}); err != nil {
				t.Errorf("%q: closed text is not JSON: %v", got, err)
			}
		}
	}
}

// security_content's GitHub example_log is cut at 10,000 bytes (Splunk's
// default TRUNCATE; the field list Splunk showed also has meta and
// timestamp, which lie after the cut): closed, its first 10 KB give the
// workflow_run fields Splunk listed.
func TestGitHubTruncatedExample(t *testing.T) {
	var ds struct {
		Fields     []string `yaml:"fields"`
		ExampleLog string   `yaml:"example_log"`
	}
	data, err := os.ReadFile(corpus(t, "security_content/data_sources/github.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &ds); err != nil {
		t.Fatal(err)
	}
	if len(ds.ExampleLog) != 10000 {
		t.Fatalf("example_log is %d bytes", len(ds.ExampleLog))
	}
	if err := ExtractJSON(ds.ExampleLog, func(string, string) {}); err == nil {
		t.Fatal("the cut example parses as it is")
	}
	closed, ok := CloseTruncatedJSON(ds.ExampleLog)
	if !ok {
		t.Fatal("not recognised as truncated JSON")
	}
	got := map[string]string{}
	if err := ExtractJSON(closed, func(n, v string) { got[n] = v }); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"action": "requested", "workflow_run.id": "2088708615",
		"workflow_run.head_branch": "mac_os_detections", "workflow_run.conclusion": "null"} {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	listed := 0
	for _, f := range ds.Fields {
		if _, ok := got[f]; ok {
			listed++
		}
	}
	if listed < 100 {
		t.Errorf("only %d of the %d listed fields come out of the closed example", listed, len(ds.Fields))
	}
	t.Logf("%d of %d listed fields come out of the closed example", listed, len(ds.Fields))
}

// Every prefix of a JSON document closes into JSON that ExtractJSON reads.
func FuzzCloseTruncatedJSON(f *testing.F) {
	f.Add(`{"a": [1, {"b": "c\\\"d"}], "e": null}`, 10)
	f.Add(`[{"x": true}, [2.5e3, "y"]]`, 7)
	f.Fuzz(func(t *testing.T, doc string, cut int) {
		if ExtractJSON(doc, func(string, string) {}) != nil || cut < 1 || cut >= len(doc) {
			return
		}
		closed, ok := CloseTruncatedJSON(doc[:cut])
		if ok {
			if err := ExtractJSON(closed, func(string, string) {}); err != nil {
				t.Fatalf("%q cut at %d closes to %q: %v", doc, cut, closed, err)
			}
		}
	})
}
