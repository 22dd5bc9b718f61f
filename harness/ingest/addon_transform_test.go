package ingest

import (
	"sort"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// Search-time transforms (REPORT-), raw -> fields. The expected values
// follow transforms.conf.spec (Splunk Enterprise 9.4, settings REGEX,
// FORMAT, DELIMS, FIELDS, SOURCE_KEY, MV_ADD, CLEAN_KEYS,
// KEEP_EMPTY_VALS, REPEAT_MATCH) and "Configure advanced extractions with
// field transforms" (Knowledge Manager Manual); each row names the rule.
func TestTransformExtractions(t *testing.T) {
	const absent = "<absent>"
	for _, tc := range []struct {
		name     string
		settings map[string]string
		row      event.Row // _raw and any earlier fields
		want     map[string]string
	}{
		{"named groups become fields",
			map[string]string{"REGEX": `pid=(?<pid>\d+) user=(?<user>\w+)`},
			event.Row{event.Raw: {"pid=42 user=bob"}}, map[string]string{"pid": "42", "user": "bob"}},
		{"FORMAT literal name, $n value (spec example 1)",
			map[string]string{"REGEX": `(\d+)-(\w+)`, "FORMAT": "first::$1 second::$2 third::other-value"},
			event.Row{event.Raw: {"12-ab"}}, map[string]string{"first": "12", "second": "ab", "third": "other-value"}},
		{"FORMAT quoted values hold spaces, quotes dropped (Splunk_TA_nix ssh-login-failed)",
			map[string]string{"REGEX": `for (\S+)`, "FORMAT": `reason::"Failed password" app::"ssh" user::"$1"`},
			event.Row{event.Raw: {"x for bob"}}, map[string]string{"reason": "Failed password", "app": "ssh", "user": "bob"}},
		{"FORMAT $1::$2 matches repeatedly through the text (spec example 2)",
			map[string]string{"REGEX": `\[(\w+)=([^\]]*)\]`, "FORMAT": "$1::$2"},
			event.Row{event.Raw: {"[method=GET] [IP=10.1.1.1] [byteCount=255]"}},
			map[string]string{"method": "GET", "IP": "10.1.1.1", "byteCount": "255"}},
		{"_KEY_/_VAL_ groups equal FORMAT = $1::$2 (spec, REGEX)",
			map[string]string{"REGEX": `(?<_KEY_1>[a-z]+)=(?<_VAL_1>[a-z]+)`},
			event.Row{event.Raw: {"a=x b=y"}}, map[string]string{"a": "x", "b": "y"}},
		{"CLEAN_KEYS (default true) cleans names read from the text",
			map[string]string{"REGEX": `(\S+)=(\S+)`, "FORMAT": "$1::$2"},
			event.Row{event.Raw: {"User-Agent=x 9lives=y __k=z"}}, map[string]string{"User_Agent": "x", "lives": "y", "k": "z"}},
		{"CLEAN_KEYS = false keeps them",
			map[string]string{"REGEX": `(\S+)=(\S+)`, "FORMAT": "$1::$2", "CLEAN_KEYS": "false"},
			event.Row{event.Raw: {"User-Agent=x"}}, map[string]string{"User-Agent": "x"}},
		{"an existing field keeps its value (MV_ADD default false)",
			map[string]string{"REGEX": `user=(?<user>\w+)`},
			event.Row{event.Raw: {"user=bob"}, "user": {"alice"}}, map[string]string{"user": "alice"}},
		{"MV_ADD appends to an existing field",
			map[string]string{"REGEX": `user=(?<user>\w+)`, "MV_ADD": "true"},
			event.Row{event.Raw: {"user=bob"}, "user": {"alice"}}, map[string]string{"user": "alice|bob"}},
		{"MV_ADD collects every match (REGEX+FORMAT email::$1)",
			map[string]string{"REGEX": `([a-z]+@[a-z.]+)`, "FORMAT": "email::$1", "MV_ADD": "1"},
			event.Row{event.Raw: {"send a@b.com c@d.com"}}, map[string]string{"email": "a@b.com|c@d.com"}},
		{"without MV_ADD a fixed name takes the first match",
			map[string]string{"REGEX": `([a-z]+@[a-z.]+)`, "FORMAT": "email::$1"},
			event.Row{event.Raw: {"send a@b.com c@d.com"}}, map[string]string{"email": "a@b.com"}},
		{"an empty value is dropped (KEEP_EMPTY_VALS default false)",
			map[string]string{"REGEX": `a=(?<a>\w*) b=(?<b>\w*)`},
			event.Row{event.Raw: {"a= b=1"}}, map[string]string{"a": absent, "b": "1"}},
		{"KEEP_EMPTY_VALS keeps it",
			map[string]string{"REGEX": `a=(?<a>\w*) b=(?<b>\w*)`, "KEEP_EMPTY_VALS": "true"},
			event.Row{event.Raw: {"a= b=1"}}, map[string]string{"a": "", "b": "1"}},
		{"SOURCE_KEY names a field",
			map[string]string{"SOURCE_KEY": "threat", "REGEX": `\((?<threat_id>\d+)\)`},
			event.Row{event.Raw: {"x (1)"}, "threat": {"(9999)"}}, map[string]string{"threat_id": "9999"}},
		{"SOURCE_KEY = field:<name>",
			map[string]string{"SOURCE_KEY": "field:misc", "REGEX": `^(?<host_part>[^/]*)/`},
			event.Row{event.Raw: {"x"}, "misc": {"h.example.com/a"}}, map[string]string{"host_part": "h.example.com"}},
		{"SOURCE_KEY = fields:a,b joins them with a space",
			map[string]string{"SOURCE_KEY": "fields:a,b", "REGEX": `^(?<ab>.*)$`},
			event.Row{event.Raw: {"x"}, "a": {"1"}, "b": {"2"}}, map[string]string{"ab": "1 2"}},
		{"an absent SOURCE_KEY field extracts nothing",
			map[string]string{"SOURCE_KEY": "nope", "REGEX": `(?<any>.*)`},
			event.Row{event.Raw: {"x"}}, map[string]string{"any": absent}},
		{"REPEAT_MATCH is index-time only: no effect at search time",
			map[string]string{"REGEX": `(?<n>\d)`, "REPEAT_MATCH": "true"},
			event.Row{event.Raw: {"1 2"}}, map[string]string{"n": "1"}},
		// transforms.conf.spec: LOOKAHEAD "is valid for all index time
		// transforms"; a search-time extraction reads the whole text.
		{"LOOKAHEAD is index-time only: the match past it still counts",
			map[string]string{"REGEX": `k=(?<k>\w+)`, "LOOKAHEAD": "5"},
			event.Row{event.Raw: {"xxxxxxxxxx k=v"}}, map[string]string{"k": "v"}},
		{"DELIMS + FIELDS: values in order, empty ones keep their place and are dropped",
			map[string]string{"DELIMS": `","`, "FIELDS": `"f1","f2","f3","f4"`},
			event.Row{event.Raw: {"a,,c,d,e"}}, map[string]string{"f1": "a", "f2": absent, "f3": "c", "f4": "d"}},
		{"DELIMS: a quoted value keeps its delimiters and loses its quotes",
			map[string]string{"DELIMS": `","`, "FIELDS": `"a","ua","b"`},
			event.Row{event.Raw: {`1,"Mozilla (KHTML, like Gecko) \"x\"",2`}}, map[string]string{"a": "1", "ua": `Mozilla (KHTML, like Gecko) "x"`, "b": "2"}},
		{"FIELDS unquoted, DELIMS of two characters (spec [commalist])",
			map[string]string{"DELIMS": `", "`, "FIELDS": "field1, field2, field3"},
			event.Row{event.Raw: {"x, y, z"}}, map[string]string{"field1": "x", "field2": absent, "field3": "y"}},
		{"two DELIMS sets: pairs, then name/value (spec [pipe_eq])",
			map[string]string{"DELIMS": `"|", "="`},
			event.Row{event.Raw: {"a=1||b c=2|d=x=y|bare"}}, map[string]string{"a": "1", "b_c": "2", "d": "x=y", "bare": absent}},
		{"one DELIMS set without FIELDS: name, value, name, value",
			map[string]string{"DELIMS": `"\t"`},
			event.Row{event.Raw: {"k1\tv1\t\tk2\tv2"}}, map[string]string{"k1": "v1", "k2": "v2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := compileTransform("t", tc.settings)
			if err != nil {
				t.Fatal(err)
			}
			row := event.Row{}
			for k, v := range tc.row {
				row[k] = v
			}
			tr.apply(row)
			for field, want := range tc.want {
				got, ok := row[field]
				if want == absent && ok || want != absent && strings.Join(got, "|") != want {
					t.Errorf("%s = %q (present %v), want %q (row %v)", field, got, ok, want, row)
				}
			}
		})
	}
}

func TestTransformErrors(t *testing.T) {
	for name, settings := range map[string]map[string]string{
		"index-time setting":     {"REGEX": "(a)", "DEST_KEY": "_raw"},
		"no REGEX nor DELIMS":    {"FORMAT": "a::b"},
		"both REGEX and DELIMS":  {"REGEX": "(a)", "DELIMS": `","`},
		"no capturing group":     {"REGEX": "a"},
		"no named group, no fmt": {"REGEX": "(a)"},
		"FORMAT past the groups": {"REGEX": "(a)", "FORMAT": "x::$2"},
		"FORMAT concatenation":   {"REGEX": "(a)", "FORMAT": "x::v$1"},
		"DELIMS unquoted":        {"DELIMS": ","},
		"three DELIMS sets":      {"DELIMS": `",", "=", ":"`},
		"FIELDS with two sets":   {"DELIMS": `",", "="`, "FIELDS": "a"},
		"FIELDS without DELIMS":  {"REGEX": "(?<a>a)", "FIELDS": "a"},
		"not a boolean":          {"REGEX": "(?<a>a)", "MV_ADD": "maybe"},
		"not PCRE either":        {"REGEX": "(?<a>a(?=b)"},
	} {
		if _, err := compileTransform("t", settings); err == nil || !strings.Contains(err.Error(), "[t]") {
			t.Errorf("%s: err = %v, want an error naming [t]", name, err)
		}
	}
}

// Splunk's search-time order ("The sequence of search-time operations",
// Knowledge Manager Manual): EXTRACT, REPORT, KV_MODE, FIELDALIAS, EVAL,
// LOOKUP. Each row shows one consequence.
func TestSearchTimeOrder(t *testing.T) {
	fsys := testFS{"o.yml": `
transforms:
  after_extract:
    SOURCE_KEY: inline
    REGEX: (?<from_report>\d+)
  kv_reader:
    SOURCE_KEY: k
    REGEX: (?<report_saw_kv>.+)
  overlap:
    REGEX: x=(?<x>\w+)
props:
  st:
    KV_MODE: auto
    EXTRACT-a: v=(?<inline>\d+)
    EXTRACT-b: (?<extract_saw_kv>.+) in k
    REPORT-a: after_extract, kv_reader, overlap
    EXTRACT-x: x=(?<x>\w+)
    FIELDALIAS-r: from_report AS aliased
    EVAL-k_len: len(k)
`}
	a, err := LoadAddons(fsys, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	row := event.Row{event.Sourcetype: {"st"}, event.Raw: {"v=7 k=hello x=first"}}
	a.Apply(row)
	for field, want := range map[string]string{
		"from_report": "7",     // REPORT reads an EXTRACT field
		"aliased":     "7",     // FIELDALIAS reads a REPORT field
		"k":           "hello", // KV_MODE = auto
		"k_len":       "5",     // EVAL reads a KV field
		"x":           "first", // EXTRACT's value; REPORT does not replace it
	} {
		if got := row.Get(field).String(); got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	for _, field := range []string{"extract_saw_kv", "report_saw_kv"} {
		if !row.Get(field).Null() { // KV_MODE runs after EXTRACT and REPORT
			t.Errorf("%s = %v: an extraction read a KV_MODE field that comes later", field, row.Get(field))
		}
	}
}

func TestReportRule(t *testing.T) {
	fsys := testFS{"r.yml": "transforms:\n  t1:\n    REGEX: a=(?<a>\\w+)\nprops:\n  st:\n    REPORT-x: t1\n"}
	a, err := LoadAddons(fsys, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	p := a.plan("", "st", "")
	var rules []string
	for _, st := range p.ordered {
		rules = append(rules, st.rule("a"))
	}
	sort.Strings(rules)
	if !strings.Contains(strings.Join(rules, "\n"), "r.yml [st] REPORT-x [t1]") {
		t.Errorf("rules = %q", rules)
	}
}

// Splunk_TA_windows extracts XML with REPORTs on its XmlWinEventLog
// sourcetype (REPORT-0xml_kv_extract), so a source stanza's KV_MODE = none
// - splunk_default.yml's [source::WinEventLog...] - does not switch it
// off: security_content's Defender tests label XML events
// source=WinEventLog:<channel> sourcetype=xmlwineventlog, and their
// detections read the XML fields. A KV_MODE, by contrast, is overridden.
func TestWinXMLReportPrecedence(t *testing.T) {
	raw := `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>1116</EventID><Channel>Microsoft-Windows-Windows Defender/Operational</Channel><Computer>w1</Computer></System><EventData><Data Name='Threat Name'>Eicar</Data></EventData></Event>`
	row := event.Row{event.Raw: {raw}, event.Source: {"WinEventLog:Microsoft-Windows-Windows Defender/Operational"},
		event.Sourcetype: {"xmlwineventlog"}, event.Host: {"h"}}
	defaultAddons(t).Apply(row)
	for field, want := range map[string]string{"EventCode": "1116", "Threat_Name": "Eicar", "dest": "w1"} {
		if got := row.Get(field).String(); got != want {
			t.Errorf("built-in add-ons: %s = %q, want %q", field, got, want)
		}
	}
	for mode, wantFields := range map[string]bool{"REPORT-0xml: winxml": true, "KV_MODE: winxml": false} {
		fsys := testFS{"w.yml": "props:\n  st:\n    " + mode + "\n  \"source::src...\":\n    KV_MODE: none\n"}
		a, err := LoadAddons(fsys, EngineCompilers())
		if err != nil {
			t.Fatal(err)
		}
		r := event.Row{event.Raw: {raw}, event.Source: {"src1"}, event.Sourcetype: {"st"}}
		a.Apply(r)
		if got := !r.Get("EventID").Null(); got != wantFields {
			t.Errorf("%s under a source KV_MODE = none: XML fields %v, want %v", mode, got, wantFields)
		}
	}
}

// The DELIMS splitter and the .conf quoted-list reader never panic, and
// never give an empty field name or (without KEEP_EMPTY_VALS) value.
func FuzzTransformDelims(f *testing.F) {
	for _, s := range []string{`a,"b,c",,d`, `"unterminated,x`, `k=v|"q=\"x\""|=`, `\`, `""`} {
		f.Add(s, `","`)
		f.Add(s, `"|", "="`)
	}
	f.Fuzz(func(t *testing.T, raw, delims string) {
		for _, settings := range []map[string]string{
			{"DELIMS": delims, "FIELDS": `"a","b","c"`},
			{"DELIMS": delims},
		} {
			tr, err := compileTransform("f", settings)
			if err != nil {
				continue
			}
			row := event.Row{event.Raw: {raw}}
			tr.apply(row)
			for k, v := range row {
				if k != event.Raw && (k == "" || v.First() == "") {
					t.Fatalf("empty name or value %q=%q from %q with DELIMS %q", k, v, raw, delims)
				}
			}
		}
	})
}
