package explain_test

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// A condition on a field the event lacks names the event's field nearest in
// name, so a typo or a case slip (Splunk field names are case-sensitive:
// "Field names are case sensitive", Search Reference, "Use fields to
// search") is seen at once instead of by diffing field lists.
func TestMissingFieldNamesTheSimilarField(t *testing.T) {
	cases := []struct {
		name, query string
		row         event.Row
		similar     string
	}{
		{"typo", `proces_name=certutil.exe`, ev("process_name", "certutil.exe", "dest", "h"), "process_name"},
		{"case slip", `Process_Name=certutil.exe`, ev("process_name", "certutil.exe"), "process_name"},
		{"data model prefix typo", `Processes.proces_name=x`, ev("Processes.process_name", "x"), "Processes.process_name"},
		{"nothing close", `user=bob`, ev("process_name", "x", "dest", "h"), ""},
		{"a null field is no suggestion", `proces_name=x`, event.Row{"process_name": nil, "dest": event.Value{"h"}}, ""},
		{"stats by a misspelled field", `* | stats count by proces_name`, ev("process_name", "x"), "process_name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := run(t, c.query, []event.Row{c.row})
			if x.Blocked == nil || len(x.Blocked.Nearest) == 0 || len(x.Blocked.Nearest[0].Failed) != 1 {
				t.Fatalf("want one failure, got %+v", x.Blocked)
			}
			f := x.Blocked.Nearest[0].Failed[0]
			if f.Similar != c.similar {
				t.Fatalf("similar = %q, want %q (%+v)", f.Similar, c.similar, f)
			}
			hint := "(the row has " + c.similar + ": a typo?)"
			if got := f.String(); (c.similar != "") != strings.Contains(got, hint) {
				t.Fatalf("text %q: hint %q expected %v", got, hint, c.similar != "")
			}
		})
	}
}
