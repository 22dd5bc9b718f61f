package engine

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// json_object, json_array and the lookup() eval function (Splunk search
// reference: "JSON functions"; "Comparison and Conditional functions",
// lookup(<lookup_table>, <json_object>, <json_array>)).
//
// There is no JSON value type in eval here: json_object and json_array
// return their JSON text, and a single value that is a JSON object or
// array (a nested json_object/json_array call, or a field holding one, as
// the reference's "nested JSON object" example does with a field set by
// json_array) is embedded as JSON, not as a quoted string.
func init() {
	funcs["json_object"] = funcSpec{0, -1, false, buildJSONObject}
	funcs["json_array"] = funcSpec{0, -1, false, buildJSONArray}
	funcs["lookup"] = funcSpec{3, 3, false, buildEvalLookup}
}

// jsonArg turns one argument into a JSON encoder of its value.
func jsonArg(f evalFn) func(event.Row) json.RawMessage {
	return func(r event.Row) json.RawMessage { return jsonOfVal(f(r)) }
}

// isJSONContainer says whether s is a JSON object or array.
func isJSONContainer(s string) bool {
	t := strings.TrimSpace(s)
	return t != "" && (t[0] == '{' || t[0] == '[') && json.Valid([]byte(t))
}

func isJSONCall(x spl.Expr) bool {
	c, ok := x.(*spl.Call)
	return ok && (c.Func == "json_object" || c.Func == "json_array")
}

// jsonOfVal encodes an eval value: numbers as numbers, booleans as
// booleans, null as null, a multivalue as an array of strings, JSON
// object or array text as itself.
func jsonOfVal(v val) json.RawMessage {
	var x any
	switch v.k {
	case kStr:
		if isJSONContainer(v.s) {
			return json.RawMessage(v.s)
		}
		x = v.s
	case kNum:
		return json.RawMessage(event.FormatNumber(v.n))
	case kBool:
		x = v.b
	case kMV:
		x = v.mv
	}
	return marshalPlain(x)
}

// marshalPlain is json.Marshal without HTML escaping (Splunk writes <, >
// and & as they are).
func marshalPlain(x any) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(x)
	return json.RawMessage(bytes.TrimRight(b.Bytes(), "\n"))
}

// buildJSONObject is json_object(key, value, ...): keys must be strings;
// members keep their argument order.
func buildJSONObject(c *compiler, n *spl.Call, a []evalFn) evalFn {
	if len(a)%2 != 0 {
		c.errs.invalid(n.At, "function json_object", "wants key, value pairs")
		return func(event.Row) val { return nullVal }
	}
	vals := make([]func(event.Row) json.RawMessage, len(a))
	for i := 1; i < len(a); i += 2 {
		vals[i] = jsonArg(a[i])
	}
	return func(r event.Row) val {
		var b bytes.Buffer
		b.WriteByte('{')
		for i := 0; i < len(a); i += 2 {
			key := a[i](r)
			if key.k != kStr {
				return nullVal
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(marshalPlain(key.s))
			b.WriteByte(':')
			b.Write(vals[i+1](r))
		}
		b.WriteByte('}')
		return strVal(b.String())
	}
}

// buildJSONArray is json_array(value, ...).
func buildJSONArray(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	vals := make([]func(event.Row) json.RawMessage, len(a))
	for i := range a {
		vals[i] = jsonArg(a[i])
	}
	return func(r event.Row) val {
		parts := make([][]byte, len(vals))
		for i, v := range vals {
			parts[i] = v(r)
		}
		return strVal("[" + string(bytes.Join(parts, []byte(","))) + "]")
	}
}

// evalLookup is a compiled lookup() call.
type evalLookup struct {
	table *Lookup
	in    func(event.Row) val
	out   func(event.Row) val
}

// buildEvalLookup is lookup("<table>", json_object(<input field>, <value>,
// ...), json_array(<output field>, ...)). The table is found as the lookup
// command finds it (a name ending in .csv also by the name without it). It
// returns a JSON object of the output fields of the matching rows - one
// value as a string, several (rows in table order, up to max_matches) as
// an array, as the reference's examples show; a cell left empty gives no
// value. An event matching no row gives null: the reference does not say,
// and every use inside json_extract reads null either way.
func buildEvalLookup(c *compiler, n *spl.Call, a []evalFn) evalFn {
	name, ok := n.Args[0].(*spl.Literal)
	if !ok || name.Kind != spl.LitString {
		c.errs.invalid(n.Args[0].Position(), "function lookup", "the lookup table must be a quoted name")
		return func(event.Row) val { return nullVal }
	}
	t := c.env.Lookups[name.Value]
	if t == nil {
		t = c.env.Lookups[strings.TrimSuffix(name.Value, ".csv")]
	}
	if t == nil {
		c.missingLookup(name.At, name.Value)
		return func(event.Row) val { return nullVal }
	}
	c.checkLookupFields(t, n.Args[1], 2)
	c.checkLookupFields(t, n.Args[2], 1)
	l := &evalLookup{table: t, in: a[1], out: a[2]}
	return l.eval
}

// checkLookupFields reports, at compile time, a literal field name of a
// json_object (every stride-th argument) or json_array argument that the
// table lacks.
func (c *compiler) checkLookupFields(t *Lookup, x spl.Expr, stride int) {
	call, ok := x.(*spl.Call)
	if !ok || !isJSONCall(x) {
		return
	}
	for i := 0; i < len(call.Args); i += stride {
		lit, ok := call.Args[i].(*spl.Literal)
		if ok && lit.Kind == spl.LitString && t.column(lit.Value) < 0 {
			c.errs.invalid(lit.At, "lookup field "+lit.Value, "not in the lookup table")
		}
	}
}

func (l *evalLookup) eval(r event.Row) val {
	inputs, ok := lookupInputs(l.in(r))
	outputs, ok2 := lookupOutputs(l.out(r))
	if !ok || !ok2 {
		return nullVal
	}
	rows := l.matchingRows(inputs)
	if len(rows) == 0 {
		return nullVal
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for _, f := range outputs {
		col := l.table.column(f)
		var vals []string
		for _, row := range rows {
			if col >= 0 && col < len(row) && row[col] != "" {
				vals = append(vals, row[col])
			}
		}
		if len(vals) == 0 {
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.Write(marshalPlain(f))
		b.WriteByte(':')
		if len(vals) == 1 {
			b.Write(marshalPlain(vals[0]))
		} else {
			b.Write(marshalPlain(vals))
		}
	}
	b.WriteByte('}')
	return strVal(b.String())
}

// lookupInput is one input field and the values an event offers for it.
type lookupInput struct {
	col    int
	values []string
	match  func(tableValue, eventValue string) bool
}

// lookupInputs reads the json_object argument: field -> value (a JSON
// array of values matches any of them, as a multivalue field does in the
// lookup command). A null value matches nothing.
func lookupInputs(v val) (map[string][]string, bool) {
	doc, ok := parseJSONVal(v)
	obj, isObj := doc.(map[string]any)
	if !ok || !isObj || len(obj) == 0 {
		return nil, false
	}
	out := map[string][]string{}
	for k, x := range obj {
		switch e := x.(type) {
		case nil:
			return nil, false
		case []any:
			for _, item := range e {
				out[k] = append(out[k], jsonText(item))
			}
		default:
			out[k] = []string{jsonText(e)}
		}
	}
	return out, true
}

// lookupOutputs reads the json_array argument: the output field names.
func lookupOutputs(v val) ([]string, bool) {
	doc, ok := parseJSONVal(v)
	arr, isArr := doc.([]any)
	if !ok || !isArr {
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		s, isStr := x.(string)
		if !isStr {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func (l *evalLookup) matchingRows(inputs map[string][]string) [][]string {
	t := l.table
	var ins []lookupInput
	for f, vs := range inputs {
		col := t.column(f)
		if col < 0 {
			return nil
		}
		ins = append(ins, lookupInput{col, vs, t.matcherFor(f)})
	}
	var found [][]string
	for _, row := range t.Rows {
		if rowMatchesAll(row, ins) {
			found = append(found, row)
			if len(found) == t.MaxMatches {
				break
			}
		}
	}
	return found
}

func rowMatchesAll(row []string, ins []lookupInput) bool {
	for _, in := range ins {
		if in.col >= len(row) || !anyMatch(in, row[in.col]) {
			return false
		}
	}
	return true
}

func anyMatch(in lookupInput, cell string) bool {
	for _, v := range in.values {
		if in.match(cell, v) {
			return true
		}
	}
	return false
}
