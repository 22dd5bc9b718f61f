package runner

import (
	"testing"

	"github.com/dactest/dactest/harness/content"
)

// ESCU detections often name two tests "True Positive Test"; reports and
// shard merging key tests by detection and name, so repeats are numbered.
func TestRepeatedTestNamesAreNumbered(t *testing.T) {
	d := &content.Detection{Status: "production", Type: "TTP", Tests: []content.Test{
		{Name: "True Positive Test"}, {Name: "True Positive Test"}, {Name: ""}, {Name: "True Positive Test"},
	}}
	jobs := detectionJobs(&Content{Tree: &content.Tree{}}, d, "")
	var got []string
	for _, j := range jobs {
		got = append(got, j.Test)
	}
	want := []string{"True Positive Test", "True Positive Test (2)", "test 3", "True Positive Test (3)"}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("test %d named %q, want %q", i, got[i], want[i])
		}
	}
}
