package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dactest/dactest/harness/event"
)

// readProps reads text as a dataset of sourcetype "st" under an add-on
// whose [st] stanza has attrs, and returns each event's _raw and _time
// (RFC 3339, "" without one).
func readProps(t *testing.T, attrs map[string]string, name, text string) ([][2]string, []Problem) {
	t.Helper()
	var sb strings.Builder
	sb.WriteString("props:\n  st:\n")
	for k, v := range attrs {
		sb.WriteString("    " + k + ": '" + strings.ReplaceAll(v, "'", "''") + "'\n")
	}
	a, err := LoadAddons(testFS{"t.yml": sb.String()}, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	return readWith(t, a, Meta{Sourcetype: "st"}, name, text)
}

func readWith(t *testing.T, a *Addons, meta Meta, name, text string) ([][2]string, []Problem) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	var problems []Problem
	err := ScanWith(path, meta, ReadOptions{Addons: a, Year: 2024}, func(r event.Row, p *Problem) bool {
		if p != nil {
			problems = append(problems, *p)
			return true
		}
		out = append(out, [2]string{r.Get(event.Raw).First(), timeText(r)})
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, problems
}

func timeText(r event.Row) string {
	v := r.Get(event.Time)
	if v.Null() {
		return ""
	}
	t, ok := parseEpoch(v.First())
	if !ok {
		return "bad:" + v.First()
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// Line breaking and merging as props.conf.spec describes them; the
// defaults of unset settings are system/default/props.conf [default]
// (Splunk 8.2.7): SHOULD_LINEMERGE true, BREAK_ONLY_BEFORE_DATE true,
// MAX_EVENTS 256, TRUNCATE 10000, MAX_TIMESTAMP_LOOKAHEAD 128.
func TestIndexTimeLineBreaking(t *testing.T) {
	cases := []struct {
		name  string
		attrs map[string]string
		text  string
		want  [][2]string
	}{{
		name:  "one event per line, blank lines dropped",
		attrs: map[string]string{"SHOULD_LINEMERGE": "false", "TIME_FORMAT": "%b %d %H:%M:%S"},
		text:  "Jan  2 15:04:05 a\r\n\r\nJan  2 15:04:06 b\n",
		want:  [][2]string{{"Jan  2 15:04:05 a", "2024-01-02T15:04:05Z"}, {"Jan  2 15:04:06 b", "2024-01-02T15:04:06Z"}},
	}, {
		name:  "default merging: a line with a date starts an event",
		attrs: map[string]string{"TIME_PREFIX": "^"},
		text:  "2024-01-02 10:00:00 ERROR boom\n  at a.b(c)\n  at d.e(f)\n2024-01-02 10:00:01 INFO ok\n",
		want: [][2]string{
			{"2024-01-02 10:00:00 ERROR boom\n  at a.b(c)\n  at d.e(f)", "2024-01-02T10:00:00Z"},
			{"2024-01-02 10:00:01 INFO ok", "2024-01-02T10:00:01Z"},
		},
	}, {
		name:  "BREAK_ONLY_BEFORE decides instead of dates",
		attrs: map[string]string{"BREAK_ONLY_BEFORE": `^----`},
		text:  "---- one\n2024-01-02 10:00:00 x\n---- two\ny\n",
		want:  [][2]string{{"---- one\n2024-01-02 10:00:00 x", "2024-01-02T10:00:00Z"}, {"---- two\ny", "2024-01-02T10:00:00Z"}},
	}, {
		name:  "MUST_BREAK_AFTER ends an event",
		attrs: map[string]string{"BREAK_ONLY_BEFORE_DATE": "false", "MUST_BREAK_AFTER": `^END$`},
		text:  "a\nb\nEND\nc\nEND\n",
		want:  [][2]string{{"a\nb\nEND", ""}, {"c\nEND", ""}},
	}, {
		name:  "MAX_EVENTS caps the lines of an event",
		attrs: map[string]string{"BREAK_ONLY_BEFORE_DATE": "false", "MAX_EVENTS": "2"},
		text:  "a\nb\nc\n",
		want:  [][2]string{{"a\nb", ""}, {"c", ""}},
	}, {
		name:  "LINE_BREAKER's group is dropped; text after it starts the next event",
		attrs: map[string]string{"SHOULD_LINEMERGE": "false", "LINE_BREAKER": `([\r\n]+)\d{4}-\d{2}-\d{2}`},
		text:  "2024-01-02 10:00:00 a\ncontinued\n2024-01-02 10:00:01 b\n",
		want:  [][2]string{{"2024-01-02 10:00:00 a\ncontinued", "2024-01-02T10:00:00Z"}, {"2024-01-02 10:00:01 b\n", "2024-01-02T10:00:01Z"}},
	}, {
		name:  "a trailing lookahead breaks in the same places",
		attrs: map[string]string{"SHOULD_LINEMERGE": "false", "LINE_BREAKER": `([\r\n]+)(?=type=)`},
		text:  "type=A msg=audit(1723035666.627:1): x\n  more\ntype=B msg=audit(1723035666.628:1): y",
		want: [][2]string{
			{"type=A msg=audit(1723035666.627:1): x\n  more", "2024-08-07T13:01:06.627Z"},
			{"type=B msg=audit(1723035666.628:1): y", "2024-08-07T13:01:06.628Z"},
		},
	}, {
		name:  "a custom delimiter",
		attrs: map[string]string{"SHOULD_LINEMERGE": "false", "LINE_BREAKER": `(---END---\n*)`, "DATETIME_CONFIG": "NONE"},
		text:  "a\nb---END---\nc---END---\n",
		want:  [][2]string{{"a\nb", ""}, {"c", ""}},
	}, {
		name:  "TRUNCATE cuts a line at a rune boundary",
		attrs: map[string]string{"SHOULD_LINEMERGE": "false", "TRUNCATE": "4", "DATETIME_CONFIG": "NONE"},
		text:  "abcdef\nabé\nxy\n",
		want:  [][2]string{{"abcd", ""}, {"abé", ""}, {"xy", ""}},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, problems := readProps(t, c.attrs, "data.log", c.text)
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// Timestamp settings (props.conf.spec TIME_PREFIX, MAX_TIMESTAMP_LOOKAHEAD,
// TIME_FORMAT, TZ, DATETIME_CONFIG): the timestamp is read where
// TIME_PREFIX's match ends, within the lookahead; an event without one
// takes the previous event's _time.
func TestIndexTimeTimestamps(t *testing.T) {
	base := map[string]string{"SHOULD_LINEMERGE": "false"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cases := []struct {
		name  string
		attrs map[string]string
		text  string
		want  []string
	}{
		{"TIME_PREFIX then TIME_FORMAT", with("TIME_PREFIX", `time_local="`, "TIME_FORMAT", "%d/%b/%Y:%H:%M:%S %z"),
			`a="1" time_local="22/Feb/2024:13:00:00 -0500" b="2"` + "\n", []string{"2024-02-22T18:00:00Z"}},
		{"no TIME_PREFIX match: previous event's time", with("TIME_PREFIX", `t=`, "TIME_FORMAT", "%s"),
			"t=1700000000 a\nno stamp\n", []string{"2023-11-14T22:13:20Z", "2023-11-14T22:13:20Z"}},
		{"TIME_FORMAT reads exactly where the prefix ends", with("TIME_PREFIX", `at `, "TIME_FORMAT", "%Y-%m-%d"),
			"at x 2024-01-02\n", []string{""}},
		{"lookahead too short to hold the stamp", with("MAX_TIMESTAMP_LOOKAHEAD", "10"),
			"0123456789 2024-01-02 10:00:00\n", []string{""}},
		{"lookahead long enough", with("MAX_TIMESTAMP_LOOKAHEAD", "40"),
			"0123456789 2024-01-02 10:00:00\n", []string{"2024-01-02T10:00:00Z"}},
		{"TZ for zoneless stamps", with("TZ", "America/New_York"),
			"2024-01-02 10:00:00 a\n2024-07-02 10:00:00+02:00 b\n", []string{"2024-01-02T15:00:00Z", "2024-07-02T08:00:00Z"}},
		{"DATETIME_CONFIG NONE: no timestamp", with("DATETIME_CONFIG", "NONE"),
			"2024-01-02 10:00:00 a\n", []string{""}},
		{"epoch with milliseconds", with("TIME_PREFIX", `msg=audit\(`, "TIME_FORMAT", "%s.%3N"),
			"type=SYSCALL msg=audit(1723035666.627:3663): a\n", []string{"2024-08-07T13:01:06.627Z"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := readProps(t, c.attrs, "data.log", c.text)
			var times []string
			for _, e := range got {
				times = append(times, e[1])
			}
			if !reflect.DeepEqual(times, c.want) {
				t.Errorf("_time %q, want %q", times, c.want)
			}
		})
	}
}

// DATETIME_CONFIG = CURRENT stamps events with the time they are read.
func TestIndexTimeCurrent(t *testing.T) {
	before := time.Now().Add(-time.Second)
	got, _ := readProps(t, map[string]string{"SHOULD_LINEMERGE": "false", "DATETIME_CONFIG": "CURRENT"}, "d.log", "2001-01-01 00:00:00 a\n")
	ts, err := time.Parse(time.RFC3339Nano, got[0][1])
	if err != nil || ts.Before(before) {
		t.Errorf("_time %q, want about now", got[0][1])
	}
}

// A stanza that sets no index-time setting leaves Splunk's [default]
// props in charge (system/default/props.conf: SHOULD_LINEMERGE = true,
// BREAK_ONLY_BEFORE_DATE = true): a line without a date joins the event
// before it.
func TestIndexTimeAbsentUsesSplunkDefault(t *testing.T) {
	text := "2024-01-02 10:00:00 a\n  indented\n2024-01-02 10:00:01 b\n"
	got, _ := readProps(t, map[string]string{"KV_MODE": "auto"}, "d.log", text)
	want := [][2]string{{"2024-01-02 10:00:00 a\n  indented", "2024-01-02T10:00:00Z"}, {"2024-01-02 10:00:01 b", "2024-01-02T10:00:01Z"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Precedence as for search-time attributes: source beats sourcetype.
func TestIndexTimePrecedence(t *testing.T) {
	a, err := LoadAddons(testFS{"t.yml": `
props:
  st:
    SHOULD_LINEMERGE: "false"
    TIME_FORMAT: "%Y-%m-%d"
  "source::/var/log/x*":
    TIME_FORMAT: "%d.%m.%Y"
`}, EngineCompilers())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := readWith(t, a, Meta{Source: "/var/log/x1", Sourcetype: "st"}, "d.log", "02.01.2024 a\n")
	if got[0][1] != "2024-01-02T00:00:00Z" {
		t.Errorf("source stanza's TIME_FORMAT not used: %q", got)
	}
	got, _ = readWith(t, a, Meta{Source: "/other", Sourcetype: "st"}, "d.log", "2024-01-03 a\n")
	if got[0][1] != "2024-01-03T00:00:00Z" {
		t.Errorf("sourcetype stanza's TIME_FORMAT not used: %q", got)
	}
}

// Bad index-time values are load errors naming the stanza and setting.
func TestIndexTimeCompileErrors(t *testing.T) {
	for attr, want := range map[string]string{
		"LINE_BREAKER: '[\\r\\n]+'":     "no capturing group",
		"SHOULD_LINEMERGE: maybe":       "want true or false",
		"TIME_FORMAT: '%Y %X'":          "%X is not supported",
		"TZ: Mars/Olympus":              "unknown time zone",
		"MAX_EVENTS: 0":                 "integer >= 1",
		"INDEXED_EXTRACTIONS: hec":      "not modelled",
		"DATETIME_CONFIG: /my/dt.xml":   "only CURRENT, NONE",
		"TIME_PREFIX: '(?<!x)y'":        "invalid",
		"LINE_BREAKER: '([\\n]+)(?!a)'": "invalid",
	} {
		_, err := LoadAddons(testFS{"t.yml": "props:\n  st:\n    " + attr + "\n"}, EngineCompilers())
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "t.yml: [st]") {
			t.Errorf("%s: err %v, want %q with file and stanza", attr, err, want)
		}
	}
}

// A LINE_BREAKER that never matches still ends events at maxEventBytes,
// with a problem, so memory stays bounded.
func TestIndexTimeNoBreakBounded(t *testing.T) {
	text := strings.Repeat("x", maxEventBytes+10)
	got, problems := readProps(t, map[string]string{"SHOULD_LINEMERGE": "false", "LINE_BREAKER": "(@@@)", "TRUNCATE": "0", "DATETIME_CONFIG": "NONE"}, "d.log", text)
	if len(got) != 2 || len(got[0][0]) != maxEventBytes || len(got[1][0]) != 10 || len(problems) != 1 {
		t.Errorf("got %d events, %d problems", len(got), len(problems))
	}
}
