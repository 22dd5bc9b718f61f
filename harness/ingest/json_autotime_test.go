package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// A JSON record without any time field the reader knows is stamped as
// Splunk stamps any event without TIME_PREFIX/TIME_FORMAT: the first
// timestamp datetime.xml recognises within MAX_TIMESTAMP_LOOKAHEAD (128
// characters by default, props.conf.spec). The records are the
// security_content data sources' example_log values.
func TestJSONRecordTimeFromText(t *testing.T) {
	for _, c := range []struct{ name, record, want string }{
		{"Google Workspace id.time", `{"kind": "admin#reports#activity", "id": {"time": "2022-10-12T01:05:35.119Z", "uniqueQualifier": "720229394436"}}`, "1665536735.119"},
		{"PingID recorded", `{"source":"PINGID","id":"b2eb1fef-651b-11ee-b38b-0ac7a554ed19","recorded":"2023-10-05T14:10:53.538Z","actors":[]}`, "1696515053.538"},
		{"CircleCI job_time", `{"job_time": "2021-09-02T08:13:34.273Z", "stop_time": "2021-09-02T08:13:34.273Z"}`, "1630570414.273"},
		{"a reader time field wins", `{"job_time": "2021-09-02T08:13:34Z", "@timestamp": "2020-01-01T00:00:00Z"}`, "1577836800"},
		{"past 128 characters: none", `{"pad": "` + strings.Repeat("x", 130) + `", "when": "2021-09-02T08:13:34Z"}`, ""},
	} {
		p := filepath.Join(t.TempDir(), "r.json")
		if err := os.WriteFile(p, []byte(c.record+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		rows, problems, err := ReadFile(p, Meta{Source: "s", Sourcetype: "st"})
		if err != nil || len(problems) > 0 || len(rows) != 1 {
			t.Fatalf("%s: err %v, problems %v, %d rows", c.name, err, problems, len(rows))
		}
		if got := rows[0].Get(event.Time).First(); got != c.want {
			t.Errorf("%s: _time = %q, want %q", c.name, got, c.want)
		}
	}
}

// A record key named like a default field does not replace the input's
// metadata; it is kept as extracted_<name>.
func TestJSONDefaultFieldKeys(t *testing.T) {
	b := newJSONRowBuilder(Meta{Source: "in", Sourcetype: "st", Host: "h"}, nil)
	row, err := b.build(`{"source":"PINGID","host":"x","sourcetype":"y","_time":"1","id":7}`)
	if err != nil {
		t.Fatal(err)
	}
	for f, want := range map[string]string{"source": "in", "sourcetype": "st", "host": "h", "extracted_source": "PINGID",
		"extracted_host": "x", "extracted_sourcetype": "y", "id": "7"} {
		if got := row.Get(f).String(); got != want {
			t.Errorf("%s = %q, want %q", f, got, want)
		}
	}
}
