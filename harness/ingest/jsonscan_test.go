package ingest

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// readString runs the format dispatch over in-memory content named name.
func readString(t testing.TB, name, content string, opt ReadOptions) ([]event.Row, []Problem, error) {
	t.Helper()
	return readStringAs(t, name, content, Meta{Sourcetype: "st"}, opt)
}

func readStringAs(t testing.TB, name, content string, meta Meta, opt ReadOptions) ([]event.Row, []Problem, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	var rows []event.Row
	var problems []Problem
	err := ScanWith(p, meta, opt, func(r event.Row, pr *Problem) bool {
		if pr != nil {
			pr.Path = filepath.Base(pr.Path)
			problems = append(problems, *pr)
		} else {
			rows = append(rows, r)
		}
		return true
	})
	return rows, problems, err
}

func firsts(rows []event.Row, field string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Get(field).First())
	}
	return out
}

// Record splitting for every JSON shape, with the problems a bad record gives.
func TestJSONShapes(t *testing.T) {
	cases := []struct {
		name, content string
		wantA         []string // field a of each event
		wantProblems  []string // "record@offset: message part"
	}{
		{"lines", "{\"a\":1}\n{\"a\":2}\r\n\n{\"a\":3}", []string{"1", "2", "3"}, nil},
		{"bad line skipped", "{\"a\":1}\n{\"a\":oops}\n{\"a\":3}\n", []string{"1", "3"}, []string{"2@8: invalid JSON at byte 5"}},
		{"pretty", "{\n  \"a\": 1\n}\n{\n  \"a\": \"}{\"\n}\n", []string{"1", "}{"}, nil},
		{"array", "[{\"a\":1},\n {\"a\":2}]", []string{"1", "2"}, nil},
		{"array non-object", "[{\"a\":1}, 7, {\"a\":2}]", []string{"1", "2"}, []string{"2@10: a JSON number or other scalar is not an object"}},
		{"records wrapper", `{"Records":[{"a":"x"},{"a":"y"}]}`, []string{"x", "y"}, nil},
		{"wrapper lines", "{\"Records\":[{\"a\":1}]}\n{\"Records\": [{\"a\":2},{\"a\":3}], \"other\": {\"k\": [1]}}\n", []string{"1", "2", "3"}, nil},
		{"unclosed", "{\n\"a\":1\n}\n{\n\"a\":", []string{"1"}, []string{"2@10: record not closed"}},
		{"junk between", "{\n\"a\":1}\nxyz\n{\"a\":2}", []string{"1", "2"}, []string{"2@9: unexpected 'x'"}},
		{"bom", "\xef\xbb\xbf{\"a\":1}\n", []string{"1"}, nil},
	}
	for _, c := range cases {
		rows, problems, err := readString(t, "d.json", c.content, ReadOptions{})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := firsts(rows, "a"); strings.Join(got, ",") != strings.Join(c.wantA, ",") {
			t.Errorf("%s: a = %q, want %q", c.name, got, c.wantA)
		}
		if len(problems) != len(c.wantProblems) {
			t.Errorf("%s: problems %v, want %v", c.name, problems, c.wantProblems)
			continue
		}
		for i, p := range problems {
			want := c.wantProblems[i]
			at := strings.Index(want, ": ")
			if got := strings.TrimPrefix(p.Error(), "d.json: "); !strings.Contains(p.Msg, want[at+2:]) ||
				want[:at] != strings.Replace(strings.Replace(got[:strings.Index(got, ")")], "record ", "", 1), " (offset ", "@", 1) {
				t.Errorf("%s: problem %q, want %q", c.name, p.Error(), want)
			}
		}
	}
}

// _time from each record's time field; a record without one inherits.
func TestJSONTime(t *testing.T) {
	cases := []struct{ line, want string }{
		{`{"@timestamp":"2020-06-10T02:50:56.537Z","EventTime":"2020-06-09 22:50:54"}`, "1591757456.537"},
		{`{"EventTime":"2020-08-01 05:46:46","EventID":10}`, "1596260806"},
		{`{"eventTime":"2022-10-19T20:33:38Z"}`, "1666211618"},
		{`{"ts":1588205198.89971,"uid":"C1"}`, "1588205198.89971"},
		{`{"Event":{"System":{"TimeCreated":{"#attributes":{"SystemTime":"2025-11-27T07:40:10.165324Z"}}}}}`, "1764229210.165324"},
		{`{"time":"2021-01-01T00:00:00+02:00"}`, "1609452000"},
		{`{"no":"time here"}`, "1609452000"}, // the previous record's
	}
	var content strings.Builder
	for _, c := range cases {
		content.WriteString(c.line + "\n")
	}
	rows, problems, err := readString(t, "t.json", content.String(), ReadOptions{})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	for i, c := range cases {
		if got := rows[i].Get(event.Time).First(); got != c.want {
			t.Errorf("%s: _time %s, want %s", c.line, got, c.want)
		}
	}
}

// The record's own host/source/sourcetype keys do not replace the input's.
func TestJSONKeepsMetadata(t *testing.T) {
	rows, _, err := readString(t, "m.json", `{"host":"wec.internal","sourcetype":"x","Hostname":"WS6"}`+"\n", ReadOptions{})
	if err != nil || len(rows) != 1 {
		t.Fatal(err, rows)
	}
	r := rows[0]
	if r.Get("sourcetype").First() != "st" || r.Get("host") != nil || r.Get("Hostname").First() != "WS6" {
		t.Errorf("row %v", r)
	}
}

func FuzzScanJSON(f *testing.F) {
	for _, s := range []string{"{\"a\":1}\n{\"a\":", "[{\"a\":1},2,", `{"Records":[{"a":{"b":[1]}}`, "{\n\"a\":\"}\"}\n]", "\xef\xbb\xbf[\n]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := scanJSON(bufio.NewReader(strings.NewReader(string(data))), "fuzz", Meta{}, ReadOptions{}, func(r event.Row, p *Problem) bool {
			if p != nil {
				if p.Offset < 0 || p.Offset > int64(len(data)) || p.Msg == "" {
					t.Fatalf("bad problem %+v for %d bytes", p, len(data))
				}
				return true
			}
			raw := r.Get(event.Raw).First()
			if !strings.Contains(string(data), raw) || ExtractJSON(raw, func(string, string) {}) != nil {
				t.Fatalf("event _raw %q is not a JSON record of the input", raw)
			}
			return true
		})
		if err != nil {
			t.Fatalf("in-memory input gave a read error: %v", err)
		}
	})
}
