package engine

import "testing"

// JSON eval functions as Splunk's search reference describes them
// ("JSON functions", "spath(X,Y)"): paths are spath paths, strings come
// out unquoted, objects and arrays as JSON text, non-JSON gives null.
func TestJSONEvalFunctions(t *testing.T) {
	const doc = `"{\"user\":{\"name\":\"ann\",\"id\":12345678901234567},\"roles\":[\"admin\",\"dev\"],\"n\":[{\"k\":1},{\"k\":2}]}"`
	ev := func(name, expr, want string) semCase {
		return semCase{name, one, "* | eval r=" + expr + " | table r", "r\n" + want}
	}
	runSemCases(t, []semCase{
		ev("spath leaf", `spath(`+doc+`, "user.name")`, "ann"),
		ev("spath array level is multivalue", `spath(`+doc+`, "roles{}")`, "admin|dev"),
		ev("spath through array of objects", `spath(`+doc+`, "n{}.k")`, "1|2"),
		ev("spath index", `spath(`+doc+`, "roles{1}")`, "dev"),
		ev("spath missing path is null", `spath(`+doc+`, "user.nope")`, nullCell),
		ev("spath not JSON is null", `spath(a, "x")`, nullCell),
		ev("json_extract leaf unquoted", `json_extract(`+doc+`, "user.name")`, "ann"),
		ev("json_extract keeps big integers exact", `json_extract(`+doc+`, "user.id")`, "12345678901234567"),
		ev("json_extract object as JSON", `json_extract(`+doc+`, "n{0}")`, `{"k":1}`),
		ev("json_extract array as JSON", `json_extract(`+doc+`, "roles")`, `["admin","dev"]`),
		ev("json_extract several paths give an array", `json_extract(`+doc+`, "user.name", "nope", "roles{0}")`, `["ann",null,"admin"]`),
		ev("json_extract missing is null", `json_extract(`+doc+`, "nope")`, nullCell),
		ev("json_extract_exact takes the key literally", `json_extract_exact("{\"a.b\":\"x\",\"a\":{\"b\":\"y\"}}", "a.b")`, "x"),
		ev("json_array_to_mv", `json_array_to_mv("[\"a\",1,true]")`, "a|1|true"),
		ev("json_array_to_mv keeps quotes when asked", `json_array_to_mv("[\"a\",1]", true())`, `"a"|1`),
		ev("json_array_to_mv of an object is null", `json_array_to_mv("{}")`, nullCell),
		ev("json_keys in document order", `json_keys(`+doc+`)`, `["user","roles","n"]`),
		ev("json_keys of non-object is null", `json_keys("[1]")`, nullCell),
		{"json_valid", one, `* | where json_valid("{\"a\":1}") AND NOT json_valid(a) | table a`, "a\nHello"},
	})
}

// JSON text the functions write keeps <, > and & as they are: Splunk does
// not write them as \u003c, \u003e, \u0026 (Go's json.Marshal does), and
// command lines full of them are compared as text afterwards.
func TestJSONEvalFunctionsKeepHTMLCharacters(t *testing.T) {
	const doc = `"{\"p\":{\"cmd\":\"a > b & c <d>\"},\"l\":[\"x&y\"]}"`
	ev := func(name, expr, want string) semCase {
		return semCase{name, one, "* | eval r=" + expr + " | table r", "r\n" + want}
	}
	runSemCases(t, []semCase{
		ev("json_extract object", `json_extract(`+doc+`, "p")`, `{"cmd":"a > b & c <d>"}`),
		ev("json_extract several paths", `json_extract(`+doc+`, "p.cmd", "l{0}")`, `["a > b & c <d>","x&y"]`),
		ev("json_array_to_mv quoted", `json_array_to_mv("[\"x&y\"]", true())`, `"x&y"`),
		ev("json_keys", `json_keys("{\"a<b\":1}")`, `["a<b"]`),
		ev("spath object", `spath(`+doc+`, "p")`, `{"cmd":"a > b & c <d>"}`),
	})
}
