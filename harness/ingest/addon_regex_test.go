package ingest

import (
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// Splunk's EXTRACT and REPORT regexes are PCRE ("Regular expressions",
// Knowledge Manager Manual: Splunk uses PCRE); add-ons use look-ahead,
// look-behind and backreferences, which RE2 lacks. Each row would be a
// load error with RE2 alone.
func TestAddonRegexPCREConstructs(t *testing.T) {
	for _, c := range []struct {
		name, attr, value, raw string
		want                   map[string]string
	}{
		{"look-ahead in EXTRACT", "EXTRACT-user", `user=(?<user>\w+)(?=;)`, "user=bob; user=eve", map[string]string{"user": "bob"}},
		{"negative look-ahead", "EXTRACT-obj", `^(?!Included Updated Properties)(?<obj>.+)`, "Display Name", map[string]string{"obj": "Display Name"}},
		{"negative look-ahead refusing", "EXTRACT-obj", `^(?!Included Updated Properties)(?<obj>.+)`, "Included Updated Properties", map[string]string{"obj": ""}},
		{"look-behind (Splunk_TA_aws vpcflow region)", "EXTRACT-region", `(?<=vpcflowlogs/)(?<region>[a-z0-9-]+) in source`, "", map[string]string{"region": "us-east-1"}},
		{"backreference", "EXTRACT-q", `(?<q>[|/])(?<quoted>.*?)\k<q>`, `say |hi there| now`, map[string]string{"quoted": "hi there"}},
		{"Go's (?P<name>) with look-ahead", "EXTRACT-n", `n=(?P<n>\d+)(?=\s)`, "n=12 n=7", map[string]string{"n": "12"}},
		{"in a JSON-path field name with {}", "EXTRACT-inst", `instance/(?<inst>i-\w+) in Resources{}.Id`, "", map[string]string{"inst": "i-0abc"}},
		{"unnamed group before a named one, REPORT", "REPORT-r", "rx", "id:42;", map[string]string{"id": "42"}},
	} {
		fsys := testFS{"a.yml": `
transforms:
  rx:
    REGEX: (id):(?<id>\d+)(?=;)
props:
  st:
    ` + c.attr + `: '` + c.value + `'
`}
		a, err := LoadAddons(fsys, EngineCompilers())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		row := event.Row{event.Raw: event.Single(c.raw), event.Sourcetype: event.Single("st"),
			event.Source:     event.Single("s3://bucket/AWSLogs/1/vpcflowlogs/us-east-1/x.log"),
			"Resources{}.Id": event.Single("arn:aws:ec2:us-east-1:1:instance/i-0abc")}
		a.Apply(row)
		for f, want := range c.want {
			if got := row.Get(f).String(); got != want {
				t.Errorf("%s: %s = %q, want %q", c.name, f, got, want)
			}
		}
	}
}

// FIELDALIAS names in double quotes may hold spaces (JSON keys such as
// "user name" keep theirs); the quotes are not part of the name.
func TestFieldAliasQuotedNames(t *testing.T) {
	fsys := testFS{"a.yml": `
props:
  st:
    FIELDALIAS-q: '"user name" AS user_name  "src ip" ASNEW src'
`}
	a, err := LoadAddons(fsys, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	row := event.Row{event.Raw: event.Single("{}"), event.Sourcetype: event.Single("st"),
		"user name": event.Single("al"), "src ip": event.Single("10.0.0.1")}
	a.Apply(row)
	if row.Get("user_name").String() != "al" || row.Get("src").String() != "10.0.0.1" {
		t.Errorf("row %v", row)
	}
}
