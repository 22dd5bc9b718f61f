package ingest

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func flatten(t testing.TB, raw string) map[string][]string {
	t.Helper()
	m := map[string][]string{}
	if err := ExtractJSON(raw, func(n, v string) { m[n] = append(m[n], v) }); err != nil {
		t.Fatalf("%q: %v", raw, err)
	}
	return m
}

// Field names and values as Splunk's spath gives them.
func TestExtractJSONNames(t *testing.T) {
	cases := []struct {
		raw  string
		want map[string][]string
	}{
		{`{"userIdentity":{"arn":"arn:aws:iam::1:user/a","sessionContext":{"attributes":{"mfaAuthenticated":"true"}}}}`,
			map[string][]string{"userIdentity.arn": {"arn:aws:iam::1:user/a"}, "userIdentity.sessionContext.attributes.mfaAuthenticated": {"true"}}},
		{`{"tags":["mordorDataset","x"]}`, map[string][]string{"tags{}": {"mordorDataset", "x"}}},
		{`{"a":[{"b":1},{"b":2,"c":[3,[4]]}]}`, map[string][]string{"a{}.b": {"1", "2"}, "a{}.c{}": {"3"}, "a{}.c{}{}": {"4"}}},
		// Numbers keep their text: NXLog's Keywords would lose digits as a float.
		{`{"Keywords":-9223372036854775808,"f":1.50,"e":1E+3}`, map[string][]string{"Keywords": {"-9223372036854775808"}, "f": {"1.50"}, "e": {"1E+3"}}},
		// The AWS CloudTrail ConsoleLogin data source (security_content
		// data_sources/aws_cloudtrail_consolelogin.yml) lists
		// requestParameters, null in its example_log, and
		// userIdentity.accessKeyId, "" in it, among the fields Splunk showed:
		// null is the value "null" and an empty string is a field.
		{`{"requestParameters":null,"userIdentity":{"accessKeyId":""},"readOnly":false,"managementEvent":true}`,
			map[string][]string{"requestParameters": {"null"}, "userIdentity.accessKeyId": {""}, "readOnly": {"false"}, "managementEvent": {"true"}}},
		{`{"sessionIssuer":{},"items":[],"x":{"y":[]}}`, map[string][]string{}},
		{`{"m":"a\r\nb \\ \" \/ \u00e9 \ud83d\ude00 \ud800"}`, map[string][]string{"m": {"a\r\nb \\ \" / é 😀 \ufffd"}}},
		{`{"Event":{"System":{"TimeCreated":{"#attributes":{"SystemTime":"2025-11-27T07:40:10.165324Z"}}}}}`,
			map[string][]string{"Event.System.TimeCreated.#attributes.SystemTime": {"2025-11-27T07:40:10.165324Z"}}},
		{`{"a.b":1,"a":{"b":2}}`, map[string][]string{"a.b": {"1", "2"}}},
		{`[{"a":1},{"a":2}]`, map[string][]string{"{}.a": {"1", "2"}}},
		{`"just a string"`, map[string][]string{}},
	}
	for _, c := range cases {
		if got := flatten(t, c.raw); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s\n got %v\nwant %v", c.raw, got, c.want)
		}
	}
}

func TestExtractJSONErrors(t *testing.T) {
	cases := []struct{ raw, wantMsg string }{
		{`{"a":1`, "byte 6"},
		{`{"a":01}`, "unexpected '1'"},
		{`{"a":tru}`, `"true" expected`},
		{`{"a":"x\q"}`, `invalid escape \q`},
		{`{"a":"x` + "\n" + `"}`, "control character"},
		{`{"a":1} {"b":2}`, "after the JSON value"},
		{`{a:1}`, "object key expected"},
		{`{"a":[1,]}`, "where a value should start"},
		{`{"a":"\u12"}`, `invalid \u escape`},
		{`{"a":-}`, "digit expected"},
		{strings.Repeat("[", 600), "nested deeper"},
	}
	for _, c := range cases {
		err := ExtractJSON(c.raw, func(string, string) {})
		if err == nil || !strings.Contains(err.Error(), c.wantMsg) {
			t.Errorf("%q: err %v, want %q", c.raw, err, c.wantMsg)
		}
	}
}

// refFlatten is the reference: encoding/json's tokenizer, flattened the
// same way, for the differential fuzz test.
func refFlatten(data []byte) (map[string][]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	out := map[string][]string{}
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		join := func(k string) string {
			if path == "" {
				return k
			}
			return path + "." + k
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' {
				for dec.More() {
					k, err := dec.Token()
					if err != nil {
						return err
					}
					if err := walk(join(k.(string))); err != nil {
						return err
					}
				}
			} else {
				for dec.More() {
					if err := walk(path + "{}"); err != nil {
						return err
					}
				}
			}
			_, err = dec.Token()
			return err
		case string:
			if path != "" {
				out[path] = append(out[path], v)
			}
		case json.Number:
			if path != "" {
				out[path] = append(out[path], string(v))
			}
		case bool:
			if path != "" {
				out[path] = append(out[path], map[bool]string{true: "true", false: "false"}[v])
			}
		case nil:
			if path != "" {
				out[path] = append(out[path], "null")
			}
		}
		return nil
	}
	if err := walk(""); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, io.ErrUnexpectedEOF
	}
	return out, nil
}

// FuzzExtractJSON checks the hand-written parser against encoding/json:
// the same inputs accepted, the same fields and values.
func FuzzExtractJSON(f *testing.F) {
	for _, s := range []string{`{"a":{"b":[1,{"c":null}]},"d":"\u00e9\n"}`, `[{"x":-0.5e-3}]`, `{"a":"\ud83d\ude00"}`, `{"a":1}x`, `{"":""}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) || bytes.Contains(data, []byte(`\u`)) && bytes.Contains(data, []byte(`\ud`)) || bytes.Contains(data, []byte(`\uD`)) {
			return // encoding/json rewrites invalid UTF-8 and lone surrogates differently
		}
		got := map[string][]string{}
		err := ExtractJSON(string(data), func(n, v string) { got[n] = append(got[n], v) })
		want, werr := refFlatten(data)
		if json.Valid(data) != (err == nil) {
			t.Fatalf("%q: ExtractJSON err %v, json.Valid %v", data, err, json.Valid(data))
		}
		if err == nil && werr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n got %v\nwant %v", data, got, want)
		}
	})
}
