package engine

import (
	"bytes"
	"encoding/json"

	"github.com/dactest/dactest/harness/event"
	"github.com/dactest/dactest/harness/spl"
)

// The eval JSON functions add-ons use (Splunk's search reference, "JSON
// functions" and "spath(X,Y)"). Paths are spath paths: `a.b`, `a{}.b`,
// `a{1}`. Text that is not JSON gives null, as Splunk does.
func init() {
	for k, v := range map[string]funcSpec{
		"spath":              {2, 2, false, buildEvalSpath},
		"json_extract":       {1, -1, false, buildJSONExtract(false)},
		"json_extract_exact": {1, -1, false, buildJSONExtract(true)},
		"json_array_to_mv":   {1, 2, false, buildJSONArrayToMV},
		"json_keys":          {1, 1, false, unary(jsonKeys)},
		"json_valid":         {1, 1, true, unary(func(v val) val { _, ok := parseJSONVal(v); return boolVal(ok) })},
	} {
		funcs[k] = v
	}
}

// parseJSONVal reads a value's first item as JSON; numbers keep their text.
func parseJSONVal(v val) (any, bool) {
	s, ok := v.str()
	if !ok {
		return nil, false
	}
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	var doc any
	if d.Decode(&doc) != nil || d.More() {
		return nil, false
	}
	return doc, true
}

// buildEvalSpath is spath(X, path): every value at the path, multivalue
// when there are several, null when none.
func buildEvalSpath(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		in := a[0](r)
		path, okp := a[1](r).str()
		if s, isStr := in.str(); isStr && okp && looksXML(s) {
			return fromValue(flattenXML(s)[path])
		}
		doc, ok := parseJSONVal(in)
		if !ok || !okp {
			return nullVal
		}
		var out []string
		walkJSON(doc, parseJSONPath(path), func(x any) { out = append(out, jsonText(x)) })
		return mvVal(out)
	}
}

// buildJSONExtract is json_extract(json, path...) and json_extract_exact
// (keys taken literally, dots and braces included). No path: the JSON
// itself; one path: the value there (strings unquoted, objects and arrays
// as JSON); several: a JSON array of the values, null where absent.
func buildJSONExtract(exact bool) func(*compiler, *spl.Call, []evalFn) evalFn {
	return func(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
		return func(r event.Row) val {
			doc, ok := parseJSONVal(a[0](r))
			if !ok {
				return nullVal
			}
			var found []any
			for _, p := range a[1:] {
				path, _ := p(r).str()
				found = append(found, extractOne(doc, path, exact))
			}
			switch len(found) {
			case 0:
				return strVal(jsonText(doc))
			case 1:
				if found[0] == nil {
					return nullVal
				}
				return strVal(jsonText(found[0]))
			}
			return strVal(string(marshalPlain(found)))
		}
	}
}

// extractOne is the value at one path: a single match itself, several
// (through {} levels) as an array, none as nil.
func extractOne(doc any, path string, exact bool) any {
	if exact {
		if obj, ok := doc.(map[string]any); ok {
			return obj[path]
		}
		return nil
	}
	var hits []any
	walkJSON(doc, parseJSONPath(path), func(x any) { hits = append(hits, x) })
	switch len(hits) {
	case 0:
		return nil
	case 1:
		return hits[0]
	}
	return hits
}

// buildJSONArrayToMV is json_array_to_mv(array [, keep_quotes]): each
// element becomes one value; strings lose their quotes unless the second
// argument is true.
func buildJSONArrayToMV(_ *compiler, _ *spl.Call, a []evalFn) evalFn {
	return func(r event.Row) val {
		doc, ok := parseJSONVal(a[0](r))
		arr, isArr := doc.([]any)
		if !ok || !isArr {
			return nullVal
		}
		quoted := len(a) > 1 && a[1](r).truthy()
		out := make([]string, 0, len(arr))
		for _, e := range arr {
			if s, isStr := e.(string); isStr && quoted {
				out = append(out, string(marshalPlain(s)))
				continue
			}
			out = append(out, jsonText(e))
		}
		return mvVal(out)
	}
}

// jsonKeys is json_keys(object): its top-level keys as a JSON array, in
// document order.
func jsonKeys(v val) val {
	s, ok := v.str()
	if !ok {
		return nullVal
	}
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nullVal
	}
	keys := []string{}
	for d.More() {
		k, err := d.Token()
		var skip json.RawMessage
		if err != nil || d.Decode(&skip) != nil {
			return nullVal
		}
		keys = append(keys, k.(string))
	}
	return strVal(string(marshalPlain(keys)))
}
