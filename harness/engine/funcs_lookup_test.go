package engine

import (
	"strings"
	"testing"

	"github.com/dactest/dactest/harness/event"
)

// httpStatusLookup is a slice of the http_status.csv table the Splunk
// search reference uses for its lookup() examples.
func httpStatusLookup(t *testing.T) *Lookup {
	l, err := ReadLookupCSV(strings.NewReader("status,status_description,status_type\n" +
		"200,OK,Successful\n201,Created,Successful\n202,Accepted,Successful\n404,Not Found,Client Error\n500,,Server Error\n"))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// json_object and json_array as the search reference's "JSON functions"
// describe them: members in argument order, numbers and booleans typed,
// nested json_object/json_array calls embedded as JSON.
func TestJSONObjectArray(t *testing.T) {
	ev := func(name, expr, want string) semCase {
		return semCase{name, one, "* | eval r=" + expr + " | table r", "r\n" + want}
	}
	runSemCases(t, []semCase{
		ev("json_object of literals", `json_object("name", "maria", "age", 30)`, `{"name":"maria","age":30}`),
		ev("json_object of fields: event values are strings", `json_object("a", a, "n", n)`, `{"a":"Hello","n":"42"}`),
		ev("json_object null member", `json_object("x", nosuch)`, `{"x":null}`),
		ev("json_object boolean member", `json_object("t", true())`, `{"t":true}`),
		ev("json_object multivalue member is an array", `json_object("mv", mv)`, `{"mv":["x","y","z"]}`),
		ev("json_object nests json_array", `json_object("l", json_array("a", 1))`, `{"l":["a",1]}`),
		ev("json_object empty", `json_object()`, `{}`),
		// the reference's nested example: a field set by json_array nests
		{"json_object of a field holding a JSON array", one, `* | eval g=json_array("Pandemic", "Castle Panic"), r=json_object("coop", g) | table r`, "r\n" + `{"coop":["Pandemic","Castle Panic"]}`},
		ev("json_object of text that is not JSON stays a string", `json_object("s", "[abc")`, `{"s":"[abc"}`),
		ev("json_array", `json_array("a", 1, json_object("k", "v"))`, `["a",1,{"k":"v"}]`),
		ev("json_array empty", `json_array()`, `[]`),
		ev("json_extract reads json_object", `json_extract(json_object("k", a), "k")`, `Hello`),
		{"json_object odd arguments", one, `* | eval r=json_object("k") | table r`, "error: function json_object"},
	})
}

// lookup(<lookup_table>, <json_object>, <json_array>): Splunk search
// reference, "Comparison and Conditional functions" - "performs a CSV
// lookup. It returns the output field or fields in the form of a JSON
// object"; its examples give {"status_description":"OK"} for one match and
// {"status_description":["OK","Created",...]} for several.
func TestEvalLookupFunction(t *testing.T) {
	env := testEnv(t)
	env.Lookups = testLookups(t)
	env.Lookups["http_status"] = httpStatusLookup(t)
	ev := func(name, events, expr, want string) semCase {
		return semCase{name, events, "* | eval r=" + expr + " | table r", "r\n" + want}
	}
	runSemCasesEnv(t, env, []semCase{
		ev("one match", `status=201`, `lookup("http_status", json_object("status", status), json_array("status_description"))`, `{"status_description":"Created"}`),
		ev("several outputs in array order", `status=201`, `lookup("http_status", json_object("status", status), json_array("status_type", "status_description"))`, `{"status_type":"Successful","status_description":"Created"}`),
		ev("several matches give an array", `type=Successful`, `lookup("http_status.csv", json_object("status_type", type), json_array("status_description"))`, `{"status_description":["OK","Created","Accepted"]}`),
		ev("several inputs all match", `type=Successful; status=200`, `lookup("http_status", json_object("status_type", type, "status", status), json_array("status_description"))`, `{"status_description":"OK"}`),
		ev("no match is null", `status=999`, `lookup("http_status", json_object("status", status), json_array("status_description"))`, nullCell),
		ev("null input is null", `x=1`, `lookup("http_status", json_object("status", status), json_array("status_description"))`, nullCell),
		ev("empty cell gives no member", `status=500`, `lookup("http_status", json_object("status", status), json_array("status_description", "status_type"))`, `{"status_type":"Server Error"}`),
		ev("numeric literal input matches the cell text", `x=1`, `lookup("http_status", json_object("status", 404), json_array("status_type"))`, `{"status_type":"Client Error"}`),
		ev("table's case sensitivity applies", `p=CMD.EXE`, `lookup("allow", json_object("process", p), json_array("note"))`, nullCell),
		ev("table's wildcard match applies", `q=x.anydesk.com`, `lookup("remote", json_object("domain", q), json_array("isutility"))`, `{"isutility":"true"}`),
		ev("inside json_extract", `status=404`, `json_extract(lookup("http_status", json_object("status", status), json_array("status_description")), "status_description")`, `Not Found`),
		ev("inside json_extract, no match", `status=1`, `json_extract(lookup("http_status", json_object("status", status), json_array("status_description")), "status_description")`, nullCell),
		{"unknown table", `status=1`, `* | eval r=lookup("nope", json_object("status", status), json_array("x"))`, "error: lookup nope"},
		{"unknown input field", `status=1`, `* | eval r=lookup("http_status", json_object("code", status), json_array("status_type"))`, "error: lookup field code"},
		{"unknown output field", `status=1`, `* | eval r=lookup("http_status", json_object("status", status), json_array("kind"))`, "error: lookup field kind"},
		{"table name must be quoted", `status=1`, `* | eval r=lookup(http_status, json_object("status", status), json_array("kind"))`, "error: quoted name"},
	})
}

// CompileEvalEnv gives an add-on's EVAL the add-on's own tables; plain
// CompileEval has none, so lookup() there is an error naming the table.
func TestCompileEvalEnvLookups(t *testing.T) {
	expr := `json_extract(lookup("http_status", json_object("status", status), json_array("status_type")), "status_type")`
	if _, err := CompileEval(expr); err == nil || !strings.Contains(err.Error(), "lookup http_status") {
		t.Fatalf("CompileEval without tables: want an error naming the lookup, got %v", err)
	}
	f, err := CompileEvalEnv(expr, &Env{Lookups: map[string]*Lookup{"http_status": httpStatusLookup(t)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := f(event.Row{"status": {"202"}}); len(got) != 1 || got[0] != "Successful" {
		t.Fatalf("got %q, want Successful", got)
	}
}

// BenchmarkEvalLookup is one add-on style json_extract(lookup(...)) per
// event (go test ./harness/engine -run '^$' -bench EvalLookup).
func BenchmarkEvalLookup(b *testing.B) {
	l, err := ReadLookupCSV(strings.NewReader("status,status_description\n200,OK\n201,Created\n404,Not Found\n"))
	if err != nil {
		b.Fatal(err)
	}
	f, err := CompileEvalEnv(`json_extract(lookup("http_status", json_object("status", status), json_array("status_description")), "status_description")`,
		&Env{Lookups: map[string]*Lookup{"http_status": l}})
	if err != nil {
		b.Fatal(err)
	}
	row := event.Row{"status": {"404"}}
	for b.Loop() {
		if got := f(row); len(got) != 1 {
			b.Fatal(got)
		}
	}
}
