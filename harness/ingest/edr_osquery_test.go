package ingest

import (
	"testing"
)

// TA-osquery (github.com/splunk/TA-osquery default/props.conf, eventtypes
// and tags) on security_content's osquery.yml example_log, an
// es_process_events result.
func TestOsqueryResultsFields(t *testing.T) {
	example := exampleLog(t, "osquery.yml")
	rows, problems, err := defaultAddons(t).ReadExample(example, Meta{Source: "osquery", Sourcetype: "osquery:results", Host: "fwd-1"})
	if err != nil || len(problems) > 0 || len(rows) != 1 {
		t.Fatalf("%d rows, %v, %v", len(rows), problems, err)
	}
	r := rows[0]
	for _, c := range []struct{ field, want, why string }{
		{"dest", "HackBook.local", "FIELDALIAS-dest is set twice; the later hostIdentifier AS dest wins"},
		{"src", "fwd-1", "FIELDALIAS-alertmapsrc: host AS src"},
		{"subject", "es_process_events", "FIELDALIAS-alertmapsubject: name AS subject"},
		{"process_id", "6449", "columns.pid"},
		{"parent_process_id", "2971", "columns.parent"},
		{"process_path", "/usr/bin/plutil", "columns.path"},
		{"process_exec", "plutil", `EXTRACT-process_exec: last part of "path":"..."`},
		{"process_current_directory", "/Users/patrick", "columns.cwd"},
		{"user_id", "501", "columns.uid"},
		{"vendor_product", "osquery", "EVAL-vendor_product"},
		{"action", "added", "the result's own action (no columns.action to alias)"},
		{"user", "", "no decorations.username in this result"},
		{"object_category", "", "not a file_events result"},
		{"eventtype", "osquery-alert\nosquery-process", "action=added; columns.cmdline=*"},
		{"tag", "alert\nprocess\nreport", "tags.conf"},
	} {
		if got := r.Get(c.field).String(); got != c.want {
			t.Errorf("%s = %q, want %q (%s)", c.field, got, c.want, c.why)
		}
	}
}
