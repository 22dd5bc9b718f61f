package suggest

import "testing"

func TestNearest(t *testing.T) {
	names := []string{"process_name", "Processes.process_name", "dest", "eval", "stats", "eventstats", "UserID"}
	for want, got := range map[string]string{
		"proces_name":   "process_name",
		"Process_Name":  "process_name", // case slip
		"evl":           "eval",
		"stat":          "stats",
		"dest":          "", // itself is not a suggestion
		"user":          "", // UserID is two edits on four letters: another field, not a slip
		"UsrID":         "UserID",
		"eventstatsxyz": "eventstats",
	} {
		if n := Nearest(want, names); n != got {
			t.Errorf("Nearest(%q) = %q, want %q", want, n, got)
		}
	}
}
